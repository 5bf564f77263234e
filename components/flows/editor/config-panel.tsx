'use client';

import { useMemo, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { FlowNode } from '@/lib/flows/graph';
import type { StepDefinition } from '@/lib/integrations/define';
import { acceptedConnectionTypes } from '@/lib/integrations/registry';
import type { TestPreview } from '@/lib/runs/test-step-preview';
import { ConnectionPicker } from './connection-picker';
import { RetrySettings } from './retry-settings';
import { ObjectFields, SchemaFormProvider } from './schema-form';
import { fieldErrors, formFields } from '@/lib/integrations/schema-fields';
import { StepIcon } from './step-icon';
import { StepTest, type TestOverride, type TestResult } from './step-test';
import type { VariableGroup } from './variables';

export type { TestResult } from './step-test';

type Props = {
  node: FlowNode;
  def: StepDefinition;
  groups: VariableGroup[];
  /** Show every field's error (after a publish attempt), not only touched ones. */
  showAllErrors: boolean;
  /** Messages from the server's publish check for this node that belong to no one field. */
  publishIssues: string[];
  /** The publish check's messages by field path, shown next to the field. */
  fieldIssues?: Record<string, string>;
  onConfig(config: Record<string, unknown>): void;
  onLabel(label: string | undefined): void;
  onRetry?(retry: FlowNode['retry']): void;
  onDelete(): void;
  onTest(override?: TestOverride): void;
  onPreviewTest(): Promise<TestPreview>;
  testResult?: TestResult;
  readOnly?: boolean;
  children?: React.ReactNode;
};

/** The selected step's settings, drawn from its zod config schema. */
export function ConfigPanel({
  node,
  def,
  groups,
  showAllErrors,
  publishIssues,
  fieldIssues,
  onConfig,
  onLabel,
  onRetry,
  onDelete,
  onTest,
  onPreviewTest,
  testResult,
  readOnly,
  children,
}: Props) {
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const isTrigger = def.category === 'trigger';
  // The trigger's source is chosen in its setup section (source-setup.tsx), which also sets its sender check.
  const fields = useMemo(
    () => formFields(def.schema).filter((f) => !(isTrigger && f.key === 'source')),
    [def, isTrigger],
  );
  // The form's own check first (it follows each keystroke); the server's where it has nothing (templates).
  const errors = useMemo(
    () => ({ ...fieldIssues, ...fieldErrors(def.schema, node.config) }),
    [def, node.config, fieldIssues],
  );

  return (
    <div className="space-y-5" data-testid="config-panel">
      <div className="flex items-start gap-3">
        <StepIcon icon={def.icon} category={def.category} />
        <div className="min-w-0">
          <h2 className="text-sm font-semibold text-slate-900">{def.label}</h2>
          <p className="text-xs text-slate-500">{def.description}</p>
          {!isTrigger && (
            <p className="mt-1 text-xs text-slate-500">
              Later steps use its output as{' '}
              <code className="font-mono text-slate-700">{`{{ steps.${node.id}.… }}`}</code>
            </p>
          )}
        </div>
      </div>

      {publishIssues.length > 0 && (
        <Alert tone="error" title="Fix before publishing">
          <ul className="list-disc pl-4">
            {publishIssues.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </Alert>
      )}

      <fieldset disabled={readOnly} className="min-w-0 space-y-4">
        <Field label="Step name" hint="Shown on the canvas and in runs">
          <Input
            value={node.label ?? ''}
            placeholder={def.label}
            onChange={(e) => onLabel(e.target.value || undefined)}
          />
        </Field>

        {children}

        <SchemaFormProvider
          value={{
            errors,
            showError: (p) => showAllErrors || touched.has(p) || !!fieldIssues?.[p],
            touch: (p) => setTouched((t) => (t.has(p) ? t : new Set(t).add(p))),
            templates: !isTrigger,
            groups,
            renderConnection: def.connection
              ? (p) => (
                  <ConnectionPicker
                    type={def.connection!}
                    accepts={acceptedConnectionTypes(def)}
                    label="Connection"
                    value={p.value}
                    onChange={p.onChange}
                    error={p.error}
                  />
                )
              : undefined,
          }}
        >
          <ObjectFields fields={fields} value={node.config} onChange={onConfig} path="" />
        </SchemaFormProvider>
        {!isTrigger && onRetry && <RetrySettings retry={node.retry} onChange={onRetry} />}
      </fieldset>

      {!isTrigger && !readOnly && (
        <StepTest onTest={onTest} onPreview={onPreviewTest} testResult={testResult} type={node.type}>
          <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={onDelete}>
            Delete step
          </Button>
        </StepTest>
      )}
    </div>
  );
}
