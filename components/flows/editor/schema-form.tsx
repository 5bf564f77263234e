'use client';

import { useContext } from 'react';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import type { ObjectField } from '@/lib/integrations/schema-fields';
import { ChoiceList } from './form-fields/choice-list';
import { asObj, FormContext, type Obj } from './form-fields/form-context';
import { OptionalGroup, VariantField } from './form-fields/group-fields';
import { ListField } from './form-fields/list-field';
import { RecordField } from './form-fields/record-field';
import { FreeformField, TemplateField } from './form-fields/template-field';

// Draws a form from the description lib/integrations/schema-fields.ts makes of
// a zod schema (a step's config or a connection's settings): this file picks
// the control for each field kind; the controls live in form-fields/. Values
// are plain JSON; an emptied optional field is removed (undefined), so the
// saved config stays what the schema expects.

export const SchemaFormProvider = FormContext.Provider;

const setKey = (obj: Obj, key: string, v: unknown): Obj => {
  const next = { ...obj };
  if (v === undefined) delete next[key];
  else next[key] = v;
  return next;
};

export function ObjectFields({
  fields,
  value,
  onChange,
  path,
}: {
  fields: ObjectField[];
  value: unknown;
  onChange(v: Obj): void;
  path: string;
}) {
  const obj = asObj(value);
  return (
    <div className="space-y-4">
      {fields.map((f) => (
        // data-config-field: "focus this field" from the editor's list of publish problems.
        <div key={f.key} data-config-field={path ? `${path}.${f.key}` : f.key}>
          <FieldInput
            field={f}
            path={path ? `${path}.${f.key}` : f.key}
            value={obj[f.key]}
            onChange={(v) => onChange(setKey(obj, f.key, v))}
          />
        </div>
      ))}
    </div>
  );
}

function FieldInput({
  field,
  path,
  value,
  onChange,
}: {
  field: ObjectField;
  path: string;
  value: unknown;
  onChange(v: unknown): void;
}) {
  const ctx = useContext(FormContext);
  const error = ctx.showError(path) ? ctx.errors[path] : undefined;
  const label = field.label;
  const hint =
    (field.secret && ctx.keepSecrets ? 'Leave blank to keep the stored value' : undefined) ??
    field.hint ??
    (!field.required && field.defaultValue === undefined
      ? 'Optional'
      : field.defaultValue !== undefined
        ? `Default: ${String(field.defaultValue)}`
        : undefined);
  const spec = field.spec;

  switch (spec.kind) {
    case 'connection':
      return ctx.renderConnection ? (
        <>{ctx.renderConnection({ path, value: value as string | undefined, onChange, label, error })}</>
      ) : null;
    case 'text':
    case 'textOrList':
      return (
        <TemplateField
          label={label}
          hint={spec.kind === 'textOrList' ? (field.hint ?? 'Separate several with commas') : hint}
          error={error}
          value={Array.isArray(value) ? value.join(', ') : ((value as string | undefined) ?? '')}
          multiline={field.multiline}
          placeholder={field.placeholder}
          secret={field.secret}
          onChange={(v) => onChange(v === '' && !field.required ? undefined : v)}
          onBlur={() => ctx.touch(path)}
        />
      );
    case 'number':
      return (
        <Field label={label} hint={hint} error={error}>
          <Input
            type="number"
            inputMode="numeric"
            value={typeof value === 'number' ? String(value) : ''}
            onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
            onBlur={() => ctx.touch(path)}
          />
        </Field>
      );
    case 'boolean':
      return (
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            className="size-4 rounded border-slate-300 accent-brand-600"
            checked={value === undefined ? field.defaultValue === true : value === true}
            onChange={(e) => onChange(e.target.checked)}
          />
          {label}
        </label>
      );
    case 'enum':
      return (
        <Field label={label} error={error}>
          <Select
            value={(value as string | undefined) ?? (field.defaultValue as string | undefined) ?? ''}
            onChange={(e) => onChange(e.target.value || undefined)}
          >
            {(!field.required || value === undefined) && field.defaultValue === undefined && (
              <option value="">{field.required ? 'Choose…' : '—'}</option>
            )}
            {spec.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Select>
        </Field>
      );
    case 'record':
      return (
        <RecordField label={label} value={asObj(value) as Record<string, string>} onChange={onChange} error={error} />
      );
    case 'freeform':
      return <FreeformField label={label} value={value} onChange={onChange} error={error} />;
    case 'list':
      if (spec.item.kind === 'enum') {
        return (
          <ChoiceList
            label={label}
            options={spec.item.options}
            value={Array.isArray(value) ? (value as string[]) : ((field.defaultValue as string[] | undefined) ?? [])}
            onChange={onChange}
            hint={hint}
            error={error}
          />
        );
      }
      return (
        <ListField
          label={label}
          item={spec.item}
          value={Array.isArray(value) ? value : []}
          onChange={onChange}
          path={path}
          error={error}
        />
      );
    case 'object':
      return (
        <OptionalGroup
          label={label}
          required={field.required}
          value={value}
          onChange={onChange}
          render={(v, set) => <ObjectFields fields={spec.fields} value={v} onChange={set} path={path} />}
        />
      );
    case 'variant':
      return <VariantField field={field} spec={spec} path={path} value={value} onChange={onChange} error={error} />;
  }
}
