'use client';

import { useMemo, useState, type FormEvent } from 'react';
import { ObjectFields, SchemaFormProvider } from '@/components/editor/schema-form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import type { ConnectionView } from '@/lib/connections/connection-view';
import { connectionDefinitions, connectionTypes } from '@/lib/integrations/registry';
import { formFields } from '@/lib/integrations/schema-fields';
import { isOAuthType } from '@/lib/oauth2/providers';
import { apiCall, errorMessage } from './api-call';
import { OAuthConnect } from './oauth-connect';

/** The "New connection" form: fields come from the type's zod schema (the editor's schema form); errors show next to each field. */
export function ConnectionForm({
  onCreated,
  onCancel,
}: {
  onCreated: (c: ConnectionView) => void;
  onCancel: () => void;
}) {
  const [type, setType] = useState<string>(connectionTypes[0]!);
  const [name, setName] = useState('');
  const [config, setConfig] = useState<Record<string, unknown>>({});
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
    const parsed = connectionDefinitions[type]!.schema.safeParse(config);
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
              }}
            >
              <ObjectFields fields={fields} value={config} onChange={setConfig} path="" />
            </SchemaFormProvider>
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
