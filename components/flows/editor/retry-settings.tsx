'use client';

import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { FlowNode } from '@/lib/flows/graph';

type Retry = FlowNode['retry'];

/** Per-step retry override: tries in all, and the first wait (each later wait is 4× longer). */
export function RetrySettings({ retry, onChange }: { retry: Retry; onChange(retry: Retry): void }) {
  const attempts = retry?.attempts;
  const backoffS = retry?.backoffMs !== undefined ? retry.backoffMs / 1000 : undefined;
  const set = (a: number | undefined, b: number | undefined) =>
    onChange(
      a === undefined && b === undefined
        ? undefined
        : { attempts: a ?? 6, ...(b !== undefined ? { backoffMs: Math.round(b * 1000) } : {}) },
    );
  const invalid = attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1 || attempts > 20);
  return (
    <details className="rounded-md border border-slate-200 p-3 text-sm">
      <summary className="cursor-pointer font-medium text-slate-800">Retries</summary>
      <p className="mt-2 text-xs text-slate-500">
        A failed try of this step is retried on network errors, timeouts, 408, 429 and 5xx. By default 6 tries, waiting
        15 s, 1 min, 4 min… between them.
      </p>
      <div className="mt-3 grid grid-cols-2 gap-3">
        <Field label="Tries in all" error={invalid ? 'Between 1 and 20' : undefined}>
          <Input
            type="number"
            min={1}
            max={20}
            placeholder="6"
            value={attempts ?? ''}
            onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value), backoffS)}
          />
        </Field>
        <Field label="First wait (s)">
          <Input
            type="number"
            min={0}
            placeholder="15"
            value={backoffS ?? ''}
            onChange={(e) => set(attempts, e.target.value === '' ? undefined : Number(e.target.value))}
          />
        </Field>
      </div>
    </details>
  );
}
