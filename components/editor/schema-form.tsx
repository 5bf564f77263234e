'use client';

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { Textarea } from '@/components/ui/textarea';
import type { FieldSpec, ObjectField } from './schema-walk';
import { VariablePicker } from './variable-picker';
import { insertAt, insertion, type VariableGroup } from './variables';

// Draws a form from the description schema-walk makes of a zod schema.
// Values are plain JSON; an emptied optional field is removed (undefined), so
// the saved config stays what the schema expects.

type FormCtx = {
  errors: Record<string, string>;
  /** Whether to show the error at a path (touched, or after a publish attempt). */
  showError(path: string): boolean;
  touch(path: string): void;
  /** Strings are templates: offer the variable picker. */
  templates: boolean;
  groups: VariableGroup[];
  renderConnection?(props: {
    path: string;
    value: string | undefined;
    onChange(v: string | undefined): void;
    label: string;
    error?: string;
  }): ReactNode;
};

const Ctx = createContext<FormCtx>({
  errors: {},
  showError: () => false,
  touch: () => {},
  templates: false,
  groups: [],
});
export const SchemaFormProvider = Ctx.Provider;

const multiline = new Set(['text', 'html', 'body', 'message']);

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
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
  const ctx = useContext(Ctx);
  const error = ctx.showError(path) ? ctx.errors[path] : undefined;
  const label = field.required ? field.label : `${field.label}`;
  const hint =
    !field.required && field.defaultValue === undefined
      ? 'Optional'
      : field.defaultValue !== undefined
        ? `Default: ${String(field.defaultValue)}`
        : undefined;
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
          hint={spec.kind === 'textOrList' ? 'Separate several with commas' : hint}
          error={error}
          value={Array.isArray(value) ? value.join(', ') : ((value as string | undefined) ?? '')}
          multiline={multiline.has(field.key)}
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
            hint={choiceHints[field.key] ?? hint}
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

/** A text input (or textarea) with the variable picker; insertion goes at the caret. */
export function TemplateField(props: {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  multiline?: boolean;
  onChange(v: string): void;
  onBlur?(): void;
}) {
  const ctx = useContext(Ctx);
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);

  useEffect(() => {
    if (pendingCaret.current === null || !ref.current) return;
    ref.current.focus();
    ref.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const pick = (path: string) => {
    const el = ref.current;
    const { value, caret } = insertAt(
      props.value,
      insertion(path),
      el?.selectionStart ?? null,
      el?.selectionEnd ?? null,
    );
    pendingCaret.current = caret;
    props.onChange(value);
  };

  const control = props.multiline ? (
    <Textarea
      ref={ref}
      rows={4}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      onBlur={props.onBlur}
    />
  ) : (
    <Input
      ref={ref}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      onBlur={props.onBlur}
      autoComplete="off"
      spellCheck={false}
    />
  );
  return (
    <Field
      label={props.label}
      hint={props.hint}
      error={props.error}
      aside={ctx.templates ? <VariablePicker groups={ctx.groups} onPick={pick} fieldLabel={props.label} /> : undefined}
    >
      {control}
    </Field>
  );
}

function RecordField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: Record<string, string>;
  onChange(v: unknown): void;
  error?: string;
}) {
  // Rows live locally so a row with an empty key can exist while typing.
  const [rows, setRows] = useState<[string, string][]>(() => Object.entries(value));
  const serialized = JSON.stringify(value);
  const lastSent = useRef(serialized);
  useEffect(() => {
    if (serialized !== lastSent.current) {
      lastSent.current = serialized;
      setRows(Object.entries(JSON.parse(serialized)));
    }
  }, [serialized]);
  const update = (next: [string, string][]) => {
    setRows(next);
    const obj = Object.fromEntries(next.filter(([k]) => k.trim() !== ''));
    lastSent.current = JSON.stringify(obj);
    onChange(Object.keys(obj).length ? obj : undefined);
  };
  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      {rows.map(([k, v], i) => (
        <div key={i} className="flex gap-2">
          <Input
            aria-label={`${label} ${i + 1} name`}
            placeholder="name"
            value={k}
            onChange={(e) => update(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))}
          />
          <Input
            aria-label={`${label} ${i + 1} value`}
            placeholder="value"
            value={v}
            onChange={(e) => update(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))}
          />
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Remove ${label} ${i + 1}`}
            onClick={() => update(rows.filter((_, j) => j !== i))}
          >
            ×
          </Button>
        </div>
      ))}
      <Button variant="secondary" size="sm" onClick={() => setRows([...rows, ['', '']])}>
        Add {label.toLowerCase()}
      </Button>
      {error && (
        <p className="text-xs font-medium text-red-600" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function FreeformField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: unknown;
  onChange(v: unknown): void;
  error?: string;
}) {
  const [text, setText] = useState(() =>
    typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value, null, 2),
  );
  return (
    <TemplateField
      label={label}
      hint="Text, or JSON ({ … }) to send an object"
      error={error}
      multiline
      value={text}
      onChange={(t) => {
        setText(t);
        if (t.trim() === '') return onChange(undefined);
        if (/^\s*[[{]/.test(t)) {
          try {
            return onChange(JSON.parse(t));
          } catch {
            // Not JSON (yet): keep it as text.
          }
        }
        onChange(t);
      }}
    />
  );
}

// Explanations for the few choice lists whose default needs one.
const choiceHints: Record<string, string> = {
  methods:
    'GET is off by default, so a browser or a chat app’s link preview opening the URL creates nothing. Turn it on only for a sender that sends data in the query string.',
};

/** A list of distinct choices from a fixed set (e.g. HTTP methods): one checkbox each, in the set's order. */
function ChoiceList({
  label,
  options,
  value,
  onChange,
  hint,
  error,
}: {
  label: string;
  options: string[];
  value: string[];
  onChange(v: unknown): void;
  hint?: string;
  error?: string;
}) {
  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-medium text-slate-800">{label}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <label key={o} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="size-4 rounded border-slate-300 accent-brand-600"
              checked={value.includes(o)}
              onChange={(e) => onChange(options.filter((x) => (x === o ? e.target.checked : value.includes(x))))}
            />
            {o}
          </label>
        ))}
      </div>
      {hint && <p className="text-xs text-slate-500">{hint}</p>}
      {error && (
        <p className="text-xs font-medium text-red-600" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function ListField({
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

function OptionalGroup({
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

function VariantField({
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
              {o.value}
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
