'use client';

import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import type { FieldSpec } from '@/lib/integrations/schema-fields';
import { ObjectFields } from '../schema-form';

/** A list of objects (e.g. filter conditions) or of strings. */
export function ListField({
  label,
  item,
  value,
  onChange,
  path,
  error,
}: {
  label: string;
  item: FieldSpec;
  value: unknown[];
  onChange(v: unknown): void;
  path: string;
  error?: string;
}) {
  const singular = label.replace(/s$/, '').toLowerCase();
  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      {value.map((v, i) => (
        <div key={i} className="rounded-md border border-slate-200 bg-slate-50/60 p-3">
          {item.kind === 'object' ? (
            <ObjectFields
              fields={item.fields}
              value={v}
              path={`${path}.${i}`}
              onChange={(nv) => onChange(value.map((x, j) => (j === i ? nv : x)))}
            />
          ) : (
            <Input
              aria-label={`${label} ${i + 1}`}
              value={(v as string) ?? ''}
              onChange={(e) => onChange(value.map((x, j) => (j === i ? e.target.value : x)))}
            />
          )}
          <Button variant="ghost" size="sm" className="mt-2" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            Remove {singular}
          </Button>
        </div>
      ))}
      <Button variant="secondary" size="sm" onClick={() => onChange([...value, item.kind === 'object' ? {} : ''])}>
        Add {singular}
      </Button>
      {error && (
        <p className="text-xs font-medium text-red-600" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
