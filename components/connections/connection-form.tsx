'use client';

import { useMemo, useState, type FormEvent } from 'react';
import { ObjectFields, SchemaFormProvider } from '@/components/flows/editor/schema-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import type { ConnectionView } from '@/lib/connections/connection-view';
import { keepBlankSecrets, MASK } from '@/lib/connections/split-secret';
import { connectionDefinitions, connectionTypes } from '@/lib/integrations/registry';
import { formFields } from '@/lib/integrations/schema-fields';
import { isOAuthType } from '@/lib/oauth2/providers';
import { api, ApiError, errorText } from '@/lib/api/client';
import { OAuthConnect } from './oauth-connect';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The saved settings to start an edit from: each masked secret blank (left blank, it is kept). */
function withoutMasks(config: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(config)) {
    if (v === MASK) continue;
    out[k] = isObj(v) ? withoutMasks(v) : v;
  }
  return out;
}

/** Where the saved settings hold a secret: a stand-in there, so validating an edit treats a kept secret as given. */
function keptSecrets(config: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(config)) {
    if (v === MASK) out[k] = 'kept';
    else if (isObj(v)) out[k] = keptSecrets(v);
  }
  return out;
}

/**
 * The "New connection" form, and with `editing` the form that changes a saved
 * one in place (type fixed; secrets left blank keep their value). Fields come
 * from the type's zod schema (the editor's schema form); errors, the browser's
 * and the server's, show next to each field.
 */
export function ConnectionForm({
  onCreated,
  onCancel,
  editing,
}: {
  onCreated: (c: ConnectionView) => void;
  onCancel: () => void;
  editing?: ConnectionView;
}) {
  const [type, setType] = useState<string>(editing?.type ?? connectionTypes[0]!);
  const [name, setName] = useState(editing?.name ?? '');
  const [config, setConfig] = useState<Record<string, unknown>>(() => (editing ? withoutMasks(editing.config) : {}));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const fields = useMemo(() => formFields(connectionDefinitions[type]!.schema), [type]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (isOAuthType(type)) return;
    setFormError(null);
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Give the connection a name, e.g. “Support mailbox”.';
    const probe = editing ? keepBlankSecrets(config, keptSecrets(editing.config)) : config;
    const parsed = connectionDefinitions[type]!.schema.safeParse(probe);
    if (!parsed.success) for (const i of parsed.error.issues) local[`config.${i.path.join('.')}`] ??= i.message;
    setErrors(local);
    if (Object.keys(local).length) return;
    setSaving(true);
    try {
      const saved = editing
        ? await api('PATCH /connections/{id}', { params: { id: editing.id }, body: { name: name.trim(), config } })
        : await api('POST /connections', { body: { type, name: name.trim(), config } });
      setSaving(false);
      onCreated(saved);
    } catch (err) {
      setSaving(false);
      const server = err instanceof ApiError ? err.fieldErrors() : {};
      setErrors(server);
      if (!Object.keys(server).length) setFormError(errorText(err, 'The connection could not be saved.'));
    }
  }

  return (
    <Card
      title={editing ? `Edit “${editing.name}”` : 'New connection'}
      description={
        editing
          ? 'Secrets are not shown: leave a secret field blank to keep the stored value.'
          : 'Secrets are encrypted when saved and never shown again.'
      }
    >
      <form
        onSubmit={onSubmit}
        className="space-y-4"
        noValidate
        aria-label={editing ? 'Edit connection' : 'New connection'}
      >
        {formError && <Alert tone="error">{formError}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Type">
            <Select
              name="type"
              disabled={!!editing}
              value={type}
              onChange={(e) => {
                setType(e.target.value);
                setConfig({});
                setErrors({});
              }}
            >
              {connectionTypes.map((t) => (
                <option key={t} value={t}>
                  {connectionDefinitions[t]!.label}
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
            <SchemaFormProvider
              value={{
                // Field errors are keyed `config.<path>` like the API's details.
                errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^config\./, ''), v])),
                showError: () => true,
                touch: () => {},
                templates: false,
                groups: [],
                keepSecrets: !!editing,
              }}
            >
              <ObjectFields fields={fields} value={config} onChange={setConfig} path="" />
            </SchemaFormProvider>
            <div className="flex justify-end gap-2">
              <Button type="button" variant="secondary" onClick={onCancel}>
                Cancel
              </Button>
              <Button type="submit" loading={saving}>
                {editing ? 'Save changes' : 'Save connection'}
              </Button>
            </div>
          </>
        )}
      </form>
    </Card>
  );
}
