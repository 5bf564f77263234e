'use client';

import { useEffect, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { OAuthConnect } from '@/components/connections/oauth-connect';
import { connectionDefinitions, connectionLabel, oauthConnectionDefinitions } from '@/lib/integrations/registry';
import type { ConnectionType } from '@/lib/steps/types';
import { api, ApiError } from '@/lib/api/client';
import { SchemaFormProvider, ObjectFields } from './schema-form';
import { fieldErrors, formFields } from '@/lib/integrations/schema-fields';

type Connection = { id: string; type: string; name: string };

type Props = {
  /** The type "New connection" makes. */
  type: ConnectionType;
  /** Every type the step takes (the registry's acceptedConnectionTypes); defaults to `type`. */
  accepts?: string[];
  label: string;
  value: string | undefined;
  onChange(v: string | undefined): void;
  error?: string;
};

/** Choose one of the workspace's connections of the step's type, or create one inline. */
export function ConnectionPicker({ type, accepts, label, value, onChange, error }: Props) {
  const acceptedKey = (accepts ?? [type]).join(',');
  const signIn = oauthConnectionDefinitions.filter((c) => accepts?.includes(c.type));
  const [items, setItems] = useState<Connection[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  // Bumped after creating a connection, to list it.
  const [version, setVersion] = useState(0);
  // Read by the loader without reloading when they change.
  const latest = useRef({ value, onChange });
  useEffect(() => {
    latest.current = { value, onChange };
  });

  useEffect(() => {
    let live = true;
    api('GET /connections', { query: { limit: 100 } }).then(
      (res) => {
        if (!live) return;
        const usable = res.items.filter((c) => acceptedKey.split(',').includes(c.type));
        setItems(usable);
        setLoadError(null);
        // The only connection that fits is the one meant: choose it.
        if (!latest.current.value && usable.length === 1) latest.current.onChange(usable[0]!.id);
      },
      (err) => {
        if (!live) return;
        setLoadError((err as Error).message);
        setItems([]);
      },
    );
    return () => {
      live = false;
    };
  }, [acceptedKey, version]);

  return (
    <div className="space-y-2">
      <Field
        label={label}
        error={error}
        hint={items && items.length === 0 ? `No ${connectionLabel(type)} connection yet: create one below.` : undefined}
      >
        <Select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} disabled={items === null}>
          <option value="">{items === null ? 'Loading…' : 'Choose a connection…'}</option>
          {items?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.type !== type ? ` (${connectionLabel(c.type)})` : ''}
            </option>
          ))}
          {value && items && !items.some((c) => c.id === value) && <option value={value}>Unknown connection</option>}
        </Select>
      </Field>
      {loadError && <Alert tone="error">Could not load connections: {loadError}</Alert>}
      {!creating ? (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" size="sm" onClick={() => setCreating(true)}>
            New {connectionLabel(type)} connection
          </Button>
          {signIn.length > 0 && <SignInConnection types={signIn.map((c) => c.type)} />}
        </div>
      ) : (
        <NewConnectionForm
          type={type}
          onCancel={() => setCreating(false)}
          onCreated={(id, name) => {
            setCreating(false);
            // Listed at once; the reload confirms it from the server.
            setItems((list) => [...(list ?? []), { id, type, name }]);
            setVersion((v) => v + 1);
            onChange(id);
          }}
        />
      )}
    </div>
  );
}

function NewConnectionForm({
  type,
  onCancel,
  onCreated,
}: {
  type: ConnectionType;
  onCancel(): void;
  onCreated(id: string, name: string): void;
}) {
  const schema = connectionDefinitions[type]!.schema;
  const [name, setName] = useState('');
  const [config, setConfig] = useState<Record<string, unknown>>({});
  const [submitted, setSubmitted] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = { ...fieldErrors(schema, config), ...serverErrors };

  async function save() {
    setSubmitted(true);
    if (!name.trim() || Object.keys(fieldErrors(schema, config)).length) return;
    setBusy(true);
    setMessage(null);
    try {
      const res = await api('POST /connections', { body: { type, name: name.trim(), config } });
      onCreated(res.id, name.trim());
    } catch (err) {
      setMessage((err as Error).message);
      setServerErrors(err instanceof ApiError ? err.fieldErrors('config.') : {});
    } finally {
      setBusy(false);
    }
  }

  return (
    // Not a <form>: it sits inside the step's panel and must not submit anything else.
    <div
      className="space-y-4 rounded-md border border-brand-100 bg-brand-50/40 p-3"
      role="group"
      aria-label={`New ${connectionLabel(type)} connection`}
    >
      <p className="text-sm font-medium text-slate-900">New {connectionLabel(type)} connection</p>
      <Field
        label="Connection name"
        error={submitted && !name.trim() ? 'Give the connection a name' : serverErrors.name}
      >
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Office mail" />
      </Field>
      <SchemaFormProvider
        value={{
          errors,
          showError: (p) => submitted || touched.has(p) || p in serverErrors,
          touch: (p) => setTouched((t) => new Set(t).add(p)),
          templates: false,
          groups: [],
        }}
      >
        <ObjectFields fields={formFields(schema)} value={config} onChange={setConfig} path="" />
      </SchemaFormProvider>
      {message && <Alert tone="error">{message}</Alert>}
      <div className="flex gap-2">
        <Button size="sm" onClick={save} loading={busy}>
          Save connection
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

/** For a step that takes OAuth2 accounts (the HTTP request step): one signed in now, whose token signs its calls. */
function SignInConnection({ types }: { types: string[] }) {
  const [open, setOpen] = useState(false);
  const [provider, setProvider] = useState<string>(types[0]!);
  const [name, setName] = useState('');
  if (!open)
    return (
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        Sign in to an account (OAuth2)
      </Button>
    );
  return (
    <div
      className="w-full space-y-3 rounded-md border border-brand-100 bg-brand-50/40 p-3"
      role="group"
      aria-label="New OAuth2 connection"
    >
      <Field label="Account">
        <Select value={provider} onChange={(e) => setProvider(e.target.value)}>
          {types.map((t) => (
            <option key={t} value={t}>
              {connectionLabel(t)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Connection name">
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Sales Google account" />
      </Field>
      <div className="flex flex-wrap items-start gap-2">
        {/* Back to this editor afterwards; the new connection is then in the list above. */}
        <OAuthConnect type={provider} name={name} returnTo={window.location.pathname} size="sm" />
        <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
