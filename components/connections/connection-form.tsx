'use client';

import { useMemo, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { connectionFormFields, type FormField } from '@/lib/connections/connection-form-fields';
import { connectionLabels, connectionSchemas, connectionTypes } from '@/lib/connections/connection-schemas';
import type { ConnectionView } from '@/lib/connections/connection-view';
import type { ConnectionType } from '@/lib/steps/types';
import { isOAuthType } from '@/lib/oauth2/providers';
import { apiCall, errorMessage } from './api-call';
import { OAuthConnect } from './oauth-connect';

type Values = Record<string, string | boolean>;

/** The "New connection" form: fields come from the type's zod schema; errors show next to each field. */
export function ConnectionForm({
  onCreated,
  onCancel,
}: {
  onCreated: (c: ConnectionView) => void;
  onCancel: () => void;
}) {
  const [type, setType] = useState<ConnectionType>('smtp');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const fields = useMemo(() => connectionFormFields(type), [type]);

  const set = (path: string, v: string | boolean) => setValues((old) => ({ ...old, [path]: v }));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (isOAuthType(type)) return;
    setFormError(null);
    const config = collect(fields, values);
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Give the connection a name, e.g. “Support mailbox”.';
    const parsed = connectionSchemas[type].safeParse(config);
    if (!parsed.success) for (const i of parsed.error.issues) local[`config.${i.path.join('.')}`] ??= i.message;
    setErrors(local);
    if (Object.keys(local).length) return;
    setSaving(true);
    const res = await apiCall('/api/v1/connections', { body: { type, name: name.trim(), config } });
    setSaving(false);
    if (!res.ok) {
      const server: Record<string, string> = {};
      for (const d of res.data?.error?.details ?? []) server[d.path] ??= d.message;
      setErrors(server);
      if (!Object.keys(server).length) setFormError(errorMessage(res, 'The connection could not be saved.'));
      return;
    }
    onCreated(res.data as ConnectionView);
  }

  return (
    <Card title="New connection" description="Secrets are encrypted when saved and never shown again.">
      <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="New connection">
        {formError && <Alert tone="error">{formError}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Type">
            <Select
              name="type"
              value={type}
              onChange={(e) => {
                setType(e.target.value as ConnectionType);
                setValues({});
                setErrors({});
              }}
            >
              {connectionTypes.map((t) => (
                <option key={t} value={t}>
                  {connectionLabels[t]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Name" error={errors.name}>
            <Input
              name="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Support mailbox"
            />
          </Field>
        </div>
        {isOAuthType(type) ? (
          // Signed in at the provider, not typed in: the callback saves it.
          <div className="flex flex-wrap items-start justify-end gap-2">
            <Button type="button" variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <OAuthConnect type={type} name={name} />
          </div>
        ) : (
          <>
            <FieldList fields={fields} values={values} errors={errors} set={set} />
            <div className="flex justify-end gap-2">
              <Button type="button" variant="secondary" onClick={onCancel}>
                Cancel
              </Button>
              <Button type="submit" loading={saving}>
                Save connection
              </Button>
            </div>
          </>
        )}
      </form>
    </Card>
  );
}

function FieldList({
  fields,
  values,
  errors,
  set,
}: {
  fields: FormField[];
  values: Values;
  errors: Record<string, string>;
  set: (p: string, v: string | boolean) => void;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {fields.map((f) => {
        const error = errors[`config.${f.path}`];
        if (f.kind === 'choice') {
          const chosen = String(values[`${f.path}.${f.discriminator}`] ?? f.options[0]!.value);
          const option = f.options.find((o) => o.value === chosen) ?? f.options[0]!;
          return (
            <div key={f.path} className="space-y-4 sm:col-span-2">
              <Field label={f.label} error={errors[`config.${f.path}.${f.discriminator}`]}>
                <Select
                  name={f.path}
                  value={chosen}
                  onChange={(e) => set(`${f.path}.${f.discriminator}`, e.target.value)}
                >
                  {f.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </Select>
              </Field>
              <FieldList fields={option.fields} values={values} errors={errors} set={set} />
            </div>
          );
        }
        if (f.kind === 'boolean') {
          const checked = Boolean(values[f.path] ?? f.defaultValue ?? false);
          return (
            <label key={f.path} className="flex items-start gap-2 text-sm text-slate-800 sm:col-span-2">
              <input
                type="checkbox"
                name={f.path}
                className="mt-0.5"
                checked={checked}
                onChange={(e) => set(f.path, e.target.checked)}
              />
              <span>
                {f.label}
                {f.hint && <span className="block text-xs text-slate-500">{f.hint}</span>}
              </span>
            </label>
          );
        }
        return (
          <Field key={f.path} label={`${f.label}${f.optional ? ' (optional)' : ''}`} hint={f.hint} error={error}>
            <Input
              name={f.path}
              type={f.kind === 'secret' ? 'password' : f.kind === 'number' ? 'number' : 'text'}
              autoComplete={f.kind === 'secret' ? 'new-password' : 'off'}
              value={String(values[f.path] ?? (f.defaultValue as string | number | undefined) ?? '')}
              onChange={(e) => set(f.path, e.target.value)}
            />
          </Field>
        );
      })}
    </div>
  );
}

/** Form values → the config object the API expects (empty optional fields left out). */
function collect(fields: FormField[], values: Values): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (path: string, v: unknown) => {
    const keys = path.split('.');
    let o = out;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1]!] = v;
  };
  for (const f of fields) {
    if (f.kind === 'choice') {
      const chosen = String(values[`${f.path}.${f.discriminator}`] ?? f.options[0]!.value);
      put(`${f.path}.${f.discriminator}`, chosen);
      const option = f.options.find((o) => o.value === chosen) ?? f.options[0]!;
      const inner = collect(option.fields, values);
      for (const [k, v] of Object.entries((inner[f.path.split('.')[0]!] ?? {}) as Record<string, unknown>))
        put(`${f.path}.${k}`, v);
    } else if (f.kind === 'boolean') {
      put(f.path, Boolean(values[f.path] ?? f.defaultValue ?? false));
    } else {
      const raw = values[f.path] ?? f.defaultValue;
      if (raw === undefined || raw === '') continue;
      put(f.path, f.kind === 'number' ? Number(raw) : String(raw).trim());
    }
  }
  return out;
}
