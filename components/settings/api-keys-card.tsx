'use client';

import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { StatusBadge } from '@/components/ui/badge';
import { Button, LinkButton } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { KeyIcon } from '@/components/ui/icons';
import { Input } from '@/components/ui/input';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { api, errorText, firstDetailText } from '@/lib/api/client';

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export function ApiKeysCard({ initialKeys }: { initialKeys: ApiKeyRow[] }) {
  const [keys, setKeys] = useState(initialKeys);
  const [creating, setCreating] = useState(false);
  const [nameError, setNameError] = useState<string>();
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);

  async function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const name = String(new FormData(formEl).get('name') ?? '').trim();
    if (!name) return setNameError('Give the key a name, e.g. “Zapier” or “Website form”.');
    setNameError(undefined);
    setCreating(true);
    let created: ApiKeyRow & { key: string };
    try {
      created = await api('POST /api-keys', { body: { name } });
    } catch (err) {
      return setNameError(firstDetailText(err, 'The key could not be created.'));
    } finally {
      setCreating(false);
    }
    const { key, ...row } = created;
    setKeys((list) => [row, ...list]);
    setCreated({ name: row.name, key });
    formEl.reset();
  }

  async function revoke(id: string) {
    setRevoking(id);
    setListError(null);
    const error = await api('DELETE /api-keys/{id}', { params: { id } }).then(
      () => null,
      (err: unknown) => err,
    );
    setRevoking(null);
    setConfirming(null);
    if (error) return setListError(errorText(error, 'The key could not be revoked.'));
    const now = new Date().toISOString();
    setKeys((list) => list.map((k) => (k.id === id ? { ...k, revokedAt: k.revokedAt ?? now } : k)));
  }

  return (
    <Card
      id="api-keys"
      title="API keys"
      description="Keys let scripts and other tools call the Switchboard REST API as this workspace (Authorization: Bearer <key>)."
      actions={
        <LinkButton href="/settings/api" variant="secondary" size="sm">
          API reference
        </LinkButton>
      }
      flush
    >
      <div className="space-y-4 px-5 py-4">
        {created && (
          <Alert tone="warning" title={`Copy your new key “${created.name}” now`}>
            <p>For your security it is shown only once. Store it somewhere safe, such as a password manager.</p>
            <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
              <code
                data-testid="new-api-key"
                className="min-w-0 flex-1 rounded-md border border-amber-200 bg-white px-3 py-2 font-mono text-xs break-all text-slate-900 select-all"
              >
                {created.key}
              </code>
              <div className="flex gap-2">
                <CopyButton value={created.key} label="Copy key" />
                <Button size="sm" variant="ghost" onClick={() => setCreated(null)}>
                  Done
                </Button>
              </div>
            </div>
          </Alert>
        )}
        <form onSubmit={onCreate} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start">
          <Field label="New key name" error={nameError} className="flex-1">
            <Input name="name" placeholder="e.g. Website form" maxLength={100} />
          </Field>
          <Button type="submit" loading={creating} className="sm:mt-6.5">
            <KeyIcon /> Create key
          </Button>
        </form>
        {listError && <Alert tone="error">{listError}</Alert>}
      </div>

      {keys.length === 0 ? (
        <p className="border-t border-slate-100 px-5 py-6 text-center text-sm text-slate-500">
          No API keys yet. Create one to call the REST API from your own scripts.
        </p>
      ) : (
        <div className="border-t border-slate-100">
          <Table aria-label="API keys">
            <THead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                <Th className="text-right">
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {keys.map((k) => (
                <Tr key={k.id} data-key-id={k.id}>
                  <Td className="font-medium text-slate-900">{k.name}</Td>
                  <Td>
                    <code className="font-mono text-xs text-slate-600">{k.prefix}…</code>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <LocalTime value={k.createdAt} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <LocalTime value={k.lastUsedAt} fallback="Never" />
                  </Td>
                  <Td>
                    <StatusBadge status={k.revokedAt ? 'revoked' : 'active'} />
                  </Td>
                  <Td className="text-right whitespace-nowrap">
                    {!k.revokedAt &&
                      (confirming === k.id ? (
                        <span className="inline-flex gap-1.5">
                          <Button size="sm" variant="danger" loading={revoking === k.id} onClick={() => revoke(k.id)}>
                            Revoke now
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setConfirming(null)}>
                            Cancel
                          </Button>
                        </span>
                      ) : (
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={() => setConfirming(k.id)}
                          aria-label={`Revoke ${k.name}`}
                        >
                          Revoke
                        </Button>
                      ))}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      )}
    </Card>
  );
}
