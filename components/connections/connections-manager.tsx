'use client';

import { useCan } from '@/components/auth/role-context';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PlugIcon, PlusIcon } from '@/components/ui/icons';
import { Input } from '@/components/ui/input';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { connectionDefinitions, connectionLabel } from '@/lib/integrations/registry';
import type { ConnectionView } from '@/lib/connections/connection-view';
import { isOAuthType } from '@/lib/oauth2/providers';
import { api, ApiError, errorText, firstDetailText } from '@/lib/api/client';
import { ConnectionForm } from './connection-form';
import { OAuthConnect } from './oauth-connect';

type Check = { ok: boolean; message: string };

/** One line saying what a connection points at, from its (masked) config (the app's `summary`). */
const summary = (c: ConnectionView): string =>
  c.status === 'needs_reconnecting'
    ? 'Access no longer granted'
    : (connectionDefinitions[c.type]?.summary(c.config as Record<string, unknown>) ?? '');

export function ConnectionsManager({ initial, connected }: { initial: ConnectionView[]; connected?: string }) {
  const canEdit = useCan('editor');
  const [items, setItems] = useState(initial);
  // Back from a provider's consent page (?connected=<id>).
  const justConnected = connected ? initial.find((c) => c.id === connected) : undefined;
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ConnectionView | null>(null);
  const [checks, setChecks] = useState<Record<string, Check | 'running'>>({});
  const [renaming, setRenaming] = useState<{ id: string; name: string; error?: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);

  async function check(id: string) {
    setChecks((c) => ({ ...c, [id]: 'running' }));
    const result: Check = await api('POST /connections/{id}/test', { params: { id }, body: {} }).catch((err) => ({
      ok: false,
      message: errorText(err, 'The check could not run.'),
    }));
    setChecks((c) => ({ ...c, [id]: result }));
  }

  async function rename() {
    if (!renaming) return;
    if (!renaming.name.trim()) return setRenaming({ ...renaming, error: 'Name is required' });
    try {
      const updated = await api('PATCH /connections/{id}', {
        params: { id: renaming.id },
        body: { name: renaming.name.trim() },
      });
      setItems((list) => list.map((c) => (c.id === renaming.id ? updated : c)));
      setRenaming(null);
    } catch (err) {
      setRenaming({ ...renaming, error: firstDetailText(err, 'Could not rename.') });
    }
  }

  async function remove(id: string) {
    setListError(null);
    const error = await api('DELETE /connections/{id}', { params: { id } }).then(
      () => null,
      (err) => err,
    );
    setConfirming(null);
    // Already gone (404) is what was asked for.
    if (error && !(error instanceof ApiError && error.status === 404)) {
      return setListError(errorText(error, 'The connection could not be deleted.'));
    }
    setItems((list) => list.filter((c) => c.id !== id));
  }

  return (
    <div className="space-y-6">
      {editing && (
        <ConnectionForm
          key={editing.id}
          editing={editing}
          onCancel={() => setEditing(null)}
          onCreated={(saved) => {
            setItems((list) => list.map((c) => (c.id === saved.id ? saved : c)));
            setChecks(({ [saved.id]: _old, ...rest }) => rest);
            setEditing(null);
          }}
        />
      )}
      {adding ? (
        <ConnectionForm
          onCancel={() => setAdding(false)}
          onCreated={(c) => {
            setItems((list) => [c, ...list]);
            setAdding(false);
          }}
        />
      ) : !canEdit ? null : (
        <div className="flex justify-end">
          <Button onClick={() => setAdding(true)}>
            <PlusIcon className="size-4" /> New connection
          </Button>
        </div>
      )}
      {justConnected && (
        <Alert tone="success">
          Connected “{justConnected.name}”. The tokens are stored encrypted and refreshed automatically.
        </Alert>
      )}
      {listError && <Alert tone="error">{listError}</Alert>}
      {items.length === 0 && !adding ? (
        <EmptyState
          icon={<PlugIcon />}
          title="No connections yet"
          action={canEdit && <Button onClick={() => setAdding(true)}>New connection</Button>}
        >
          A connection stores the login details a step needs — an SMTP server for email, a Slack webhook, a HubSpot or
          Twilio account. Secrets are encrypted and never shown again.
        </EmptyState>
      ) : items.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <Table>
            <THead>
              <Tr>
                <Th>Name</Th>
                <Th>Type</Th>
                <Th>Settings</Th>
                <Th>Added</Th>
                <Th className="text-right">Actions</Th>
              </Tr>
            </THead>
            <TBody>
              {items.map((c) => {
                const result = checks[c.id];
                return (
                  <Tr key={c.id} data-connection-id={c.id}>
                    <Td className="font-medium text-slate-900">
                      {renaming?.id === c.id ? (
                        <form
                          className="flex items-center gap-2"
                          onSubmit={(e) => {
                            e.preventDefault();
                            void rename();
                          }}
                        >
                          <Input
                            aria-label="New name"
                            aria-invalid={renaming.error ? true : undefined}
                            value={renaming.name}
                            autoFocus
                            onChange={(e) => setRenaming({ ...renaming, name: e.target.value, error: undefined })}
                          />
                          <Button size="sm" type="submit">
                            Save
                          </Button>
                          <Button size="sm" variant="ghost" type="button" onClick={() => setRenaming(null)}>
                            Cancel
                          </Button>
                          {renaming.error && (
                            <span className="text-xs text-red-600" role="alert">
                              {renaming.error}
                            </span>
                          )}
                        </form>
                      ) : (
                        c.name
                      )}
                    </Td>
                    <Td>
                      <Badge tone="blue">{connectionLabel(c.type)}</Badge>
                      {c.status === 'needs_reconnecting' && (
                        <Badge tone="red" className="mt-1">
                          Needs reconnecting
                        </Badge>
                      )}
                    </Td>
                    <Td className="max-w-sm text-slate-600">
                      <div className="truncate">{summary(c)}</div>
                      {c.status === 'needs_reconnecting' && c.statusMessage && (
                        <p className="mt-1 text-xs text-red-600">{c.statusMessage}</p>
                      )}
                      {result && result !== 'running' && (
                        <p
                          role="status"
                          className={result.ok ? 'mt-1 text-xs text-emerald-700' : 'mt-1 text-xs text-red-600'}
                        >
                          {result.ok ? '✓ ' : '✗ '}
                          {result.message}
                        </p>
                      )}
                    </Td>
                    <Td className="text-slate-500">
                      <LocalTime value={c.createdAt} />
                    </Td>
                    <Td className="text-right whitespace-nowrap">
                      {confirming === c.id ? (
                        <span className="inline-flex items-center gap-2">
                          <span className="text-xs text-slate-600">Steps using it will fail.</span>
                          <Button size="sm" variant="danger" onClick={() => void remove(c.id)}>
                            Delete
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setConfirming(null)}>
                            Keep
                          </Button>
                        </span>
                      ) : (
                        <span className="inline-flex gap-1" hidden={!canEdit}>
                          {c.status === 'needs_reconnecting' && isOAuthType(c.type) && (
                            <OAuthConnect
                              type={c.type}
                              name={c.name}
                              connectionId={c.id}
                              buttonLabel="Reconnect"
                              size="sm"
                            />
                          )}
                          <Button
                            size="sm"
                            variant="secondary"
                            loading={result === 'running'}
                            onClick={() => void check(c.id)}
                          >
                            Check connection
                          </Button>
                          {!isOAuthType(c.type) && (
                            <Button
                              size="sm"
                              variant="ghost"
                              onClick={() => {
                                setAdding(false);
                                setEditing(c);
                              }}
                            >
                              Edit
                            </Button>
                          )}
                          <Button size="sm" variant="ghost" onClick={() => setRenaming({ id: c.id, name: c.name })}>
                            Rename
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setConfirming(c.id)}>
                            Delete
                          </Button>
                        </span>
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </div>
      ) : null}
    </div>
  );
}
