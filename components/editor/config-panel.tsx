'use client';

import { useMemo, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { FlowNode } from '@/lib/flows/graph';
import type { StepDefinition } from '@/lib/integrations/define';
import { ConnectionPicker } from './connection-picker';
import { RetrySettings } from './retry-settings';
import { ObjectFields, SchemaFormProvider } from './schema-form';
import { fieldErrors, formFields } from '@/lib/integrations/schema-fields';
import { StepIcon } from './step-icon';
import type { VariableGroup } from './variables';

export type TestResult = { state: 'running' } | { state: 'ok'; output: unknown } | { state: 'error'; message: string };

type Props = {
  node: FlowNode;
  def: StepDefinition;
  groups: VariableGroup[];
  /** Show every field's error (after a publish attempt), not only touched ones. */
  showAllErrors: boolean;
  /** Messages from the server's publish check for this node. */
  publishIssues: string[];
  onConfig(config: Record<string, unknown>): void;
  onLabel(label: string | undefined): void;
  onRetry?(retry: FlowNode['retry']): void;
  onDelete(): void;
  onTest?(): void;
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
  onConfig,
  onLabel,
  onRetry,
  onDelete,
  onTest,
  testResult,
  readOnly,
  children,
}: Props) {
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const fields = useMemo(() => formFields(def.schema), [def]);
  const errors = useMemo(() => fieldErrors(def.schema, node.config), [def, node.config]);
  const isTrigger = def.category === 'trigger';

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
            showError: (p) => showAllErrors || touched.has(p),
            touch: (p) => setTouched((t) => (t.has(p) ? t : new Set(t).add(p))),
            templates: !isTrigger,
            groups,
            renderConnection: def.connection
              ? (p) => (
                  <ConnectionPicker
                    type={def.connection!}
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
        <div className="space-y-3 border-t border-slate-100 pt-4">
          <div className="flex flex-wrap gap-2">
            {onTest && (
              <Button variant="secondary" size="sm" onClick={onTest} loading={testResult?.state === 'running'}>
                Test step
              </Button>
            )}
            <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={onDelete}>
              Delete step
            </Button>
          </div>
          <div aria-live="polite">
            {testResult?.state === 'ok' && (
              <div data-testid="test-output">
                <p className="mb-1 text-xs font-medium text-emerald-700">Step ran with the sample event. Output:</p>
                <pre className="max-h-56 overflow-auto rounded-md bg-slate-50 p-2 text-xs text-slate-700">
                  {JSON.stringify(testResult.output, null, 2)}
                </pre>
              </div>
            )}
            {testResult?.state === 'error' && (
              <Alert tone="error" title="The step failed">
                <span data-testid="test-error">{testResult.message}</span>
              </Alert>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
