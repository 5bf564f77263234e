'use client';

import type { ReactNode } from 'react';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import type { FieldSpec, ObjectField } from '@/lib/integrations/schema-fields';
import { ObjectFields } from '../schema-form';
import { asObj, type Obj } from './form-context';

// Nested objects: an optional group switched on with a checkbox, and a
// variant (discriminated union) chosen from a list.

export function OptionalGroup({
  label,
  required,
  value,
  onChange,
  render,
}: {
  label: string;
  required: boolean;
  value: unknown;
  onChange(v: unknown): void;
  render(v: unknown, set: (v: Obj) => void): ReactNode;
}) {
  const on = required || value !== undefined;
  return (
    <fieldset className="min-w-0 space-y-3 rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-800">{label}</legend>
      {!required && (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            className="size-4 accent-brand-600"
            checked={on}
            onChange={(e) => onChange(e.target.checked ? {} : undefined)}
          />
          Use {label.toLowerCase()}
        </label>
      )}
      {on && render(value, onChange)}
    </fieldset>
  );
}

export function VariantField({
  field,
  spec,
  path,
  value,
  onChange,
  error,
}: {
  field: ObjectField;
  spec: Extract<FieldSpec, { kind: 'variant' }>;
  path: string;
  value: unknown;
  onChange(v: unknown): void;
  error?: string;
}) {
  const obj = asObj(value);
  const current = value === undefined ? '' : String(obj[spec.discriminator] ?? '');
  const option = spec.options.find((o) => o.value === current);
  return (
    <fieldset className="min-w-0 space-y-3 rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-800">{field.label}</legend>
      <Field label={spec.discriminator === 'scheme' ? 'Scheme' : 'Type'} error={error}>
        <Select
          value={current}
          onChange={(e) => onChange(e.target.value ? { [spec.discriminator]: e.target.value } : undefined)}
        >
          <option value="">{field.required ? 'Choose…' : 'None'}</option>
          {spec.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      {option && (
        <ObjectFields
          fields={option.fields}
          value={obj}
          path={path}
          onChange={(v) => onChange({ ...v, [spec.discriminator]: option.value })}
        />
      )}
    </fieldset>
  );
}
