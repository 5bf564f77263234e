'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { CheckIcon } from '@/components/ui/icons';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { CRM_STEP_TYPES, crmChoiceLabel, isCrmStep, swapCrm, type CrmStepType } from '@/lib/flows/crm-choice';
import type { FlowGraph } from '@/lib/flows/graph';
import { acceptedConnectionTypes, connectionLabel, stepCatalog, TRIGGER_TYPE } from '@/lib/integrations/registry';
import { applySource, sourceOf, sourceSecret } from '@/lib/integrations/webhook/sources';
import { ConnectionPicker } from './connection-picker';

type Props = {
  graph: FlowGraph;
  onConfig(nodeId: string, config: Record<string, unknown>): void;
  /** A CRM step swapped for another CRM's (crm-choice.ts). */
  onGraph(graph: FlowGraph): void;
  /** Selects the trigger, whose panel shows the sender's setup steps. */
  onShowTrigger(): void;
};

/**
 * After "Use template": only what the template could not fill in — a connection for each step that needs
 * one (the only fitting connection is chosen by itself; a new one is made right here) and a secret the
 * sender makes (Stripe's whsec_…). Everything else is already mapped, so the flow is then publishable.
 */
export function TemplateSetup({ graph, onConfig, onGraph, onShowTrigger }: Props) {
  // The template's own contacts steps, restored when "Switchboard contacts" is chosen again.
  const [builtin] = useState(() => graph.nodes.filter((n) => n.type === 'crm.upsertContact'));
  const trigger = graph.nodes.find((n) => n.type === TRIGGER_TYPE);
  const triggerConfig = (trigger?.config ?? {}) as Record<string, unknown>;
  const source = sourceOf(triggerConfig);
  const needsSecret = !!source?.preset?.signature && source.secretFrom === 'sender';
  const secret = sourceSecret(triggerConfig);
  const steps = graph.nodes.filter((n) => n.type !== TRIGGER_TYPE && stepCatalog[n.type]?.connection);
  const done = steps.every((n) => !!n.config?.connection) && (!needsSecret || !!secret);

  return (
    <section
      className="mb-4 space-y-3 rounded-md border border-brand-100 bg-brand-50/40 p-3"
      aria-labelledby="template-setup-title"
      data-testid="template-setup"
    >
      <h2 id="template-setup-title" className="text-sm font-semibold text-slate-900">
        Finish setting up
      </h2>
      <p className="text-xs text-slate-600">
        The steps are already filled in{steps.length ? '; connect the accounts they send with' : ''}. Contacts are saved
        in Switchboard unless you choose a CRM.
      </p>
      {builtin.map((b) => {
        const current = graph.nodes.find((n) => n.id === b.id);
        if (!current || !isCrmStep(current.type)) return null;
        return (
          <Field key={`crm-${b.id}`} label="Save contacts in">
            <Select
              value={current.type}
              onChange={(e) => onGraph(swapCrm(graph, b.id, e.target.value as CrmStepType, b))}
            >
              {CRM_STEP_TYPES.map((t) => (
                <option key={t} value={t}>
                  {crmChoiceLabel[t]}
                </option>
              ))}
            </Select>
          </Field>
        );
      })}
      {steps.map((n) => {
        const def = stepCatalog[n.type]!;
        return (
          <ConnectionPicker
            key={`${n.id}:${n.type}`}
            type={def.connection!}
            accepts={acceptedConnectionTypes(def)}
            label={`${n.label ?? def.label} — ${connectionLabel(def.connection!)}`}
            value={n.config?.connection as string | undefined}
            onChange={(connection) => {
              const { connection: _old, ...rest } = n.config ?? {};
              onConfig(n.id, connection ? { ...rest, connection } : rest);
            }}
          />
        );
      })}
      {trigger && source && needsSecret && (
        <Field
          label={`Signing secret from ${source.label}`}
          hint={`${source.label} shows it once you add the webhook URL there (see the trigger’s steps).`}
        >
          <Input
            value={secret}
            onChange={(e) => onConfig(trigger.id, applySource(triggerConfig, source.id, e.target.value.trim()))}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
          />
        </Field>
      )}
      {source && (
        <p className="text-xs text-slate-600">
          Then paste the webhook URL{source.preset?.signature ? ' and the secret' : ''} into {source.label}.{' '}
          <Button size="sm" variant="ghost" onClick={onShowTrigger}>
            Show the steps
          </Button>
        </p>
      )}
      {done && (
        <p className="flex items-center gap-1.5 text-sm text-emerald-700" data-testid="template-setup-done">
          <CheckIcon className="size-4" /> All set: publish to go live.
        </p>
      )}
    </section>
  );
}
