'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { LocalTime } from '@/components/ui/local-time';
import { Select } from '@/components/ui/select';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { api, ApiError, errorText } from '@/lib/api/client';
import { ROLES, roleHint, roleLabel, type Role } from '@/lib/auth/roles';
import type { InviteItem } from '@/lib/members/invites';
import type { MemberItem } from '@/lib/members/list-members';

// Settings → Members: everyone sees who is in the workspace and can leave;
// owners invite (the link is shown here, so it works without SMTP), change
// roles, remove members, withdraw invites and hand over ownership.

const messageOf = (err: unknown) => errorText(err, 'Something went wrong. Try again.');

export function MembersCard(props: {
  me: { userId: string; role: Role };
  members: MemberItem[];
  invites: InviteItem[];
  mailConfigured: boolean;
}) {
  const router = useRouter();
  const isOwner = props.me.role === 'owner';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [created, setCreated] = useState<{ email: string; url: string; mailed: boolean } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; role?: string }>({});

  async function act(key: string, call: () => Promise<unknown>, after?: () => void) {
    setBusy(key);
    setError(null);
    try {
      await call();
    } catch (err) {
      return setError(messageOf(err));
    } finally {
      setBusy(null);
    }
    after?.();
    router.refresh();
  }

  async function onInvite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const role = String(data.get('role') ?? 'viewer');
    setFieldErrors({});
    setError(null);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return setFieldErrors({ email: 'Enter a valid email address.' });
    setBusy('invite');
    let out: { inviteUrl: string; mailed: boolean };
    try {
      out = await api('POST /members', { body: { email, role: role as Role } });
    } catch (err) {
      const byField = err instanceof ApiError ? err.fieldErrors() : {};
      if (byField.email || byField.role) return setFieldErrors(byField);
      return setError(messageOf(err));
    } finally {
      setBusy(null);
    }
    setCreated({ email, url: out.inviteUrl, mailed: out.mailed });
    form.reset();
    router.refresh();
  }

  const owners = props.members.filter((m) => m.role === 'owner').length;

  return (
    <Card
      id="members"
      title="Members"
      description={`Owner: ${roleHint.owner}. Editor: ${roleHint.editor}. Viewer: ${roleHint.viewer}.`}
    >
      <div className="space-y-4">
        {error && <Alert tone="error">{error}</Alert>}
        <Table>
          <THead>
            <Tr>
              <Th>Member</Th>
              <Th>Role</Th>
              <Th>Joined</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {props.members.map((m) => {
              const mine = m.userId === props.me.userId;
              const lastOwner = m.role === 'owner' && owners <= 1;
              return (
                <Tr key={m.id} data-testid="member-row" data-email={m.email}>
                  <Td>
                    <div className="font-medium text-slate-900">
                      {m.name}
                      {mine && <span className="ml-1 text-xs text-slate-500">(you)</span>}
                    </div>
                    <div className="text-xs text-slate-500">{m.email}</div>
                  </Td>
                  <Td>
                    {isOwner && !(mine && lastOwner) ? (
                      <Select
                        aria-label={`Role of ${m.email}`}
                        value={m.role}
                        disabled={busy !== null}
                        onChange={(e) =>
                          act(`role-${m.id}`, () =>
                            api('PATCH /members/{id}', {
                              params: { id: m.id },
                              body: { role: e.target.value as Role },
                            }),
                          )
                        }
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {roleLabel[r]}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <Badge tone={m.role === 'owner' ? 'violet' : m.role === 'editor' ? 'blue' : 'gray'}>
                        {roleLabel[m.role]}
                      </Badge>
                    )}
                  </Td>
                  <Td>
                    <LocalTime value={m.joinedAt} />
                  </Td>
                  <Td className="text-right whitespace-nowrap">
                    {isOwner && !mine && m.role !== 'owner' && (
                      <Button
                        size="sm"
                        variant="ghost"
                        loading={busy === `transfer-${m.id}`}
                        onClick={() => {
                          if (confirm(`Make ${m.email} the owner? You become an editor.`))
                            void act(`transfer-${m.id}`, () =>
                              api('POST /members/{id}/transfer', { params: { id: m.id } }),
                            );
                        }}
                      >
                        Transfer ownership
                      </Button>
                    )}
                    {isOwner && !mine && (
                      <Button
                        size="sm"
                        variant="ghost"
                        loading={busy === `remove-${m.id}`}
                        onClick={() => {
                          if (confirm(`Remove ${m.email} from this workspace? Their API keys stop working.`))
                            void act(`remove-${m.id}`, () => api('DELETE /members/{id}', { params: { id: m.id } }));
                        }}
                      >
                        Remove
                      </Button>
                    )}
                    {mine && !lastOwner && (
                      <Button
                        size="sm"
                        variant="ghost"
                        loading={busy === 'leave'}
                        onClick={() => {
                          if (confirm('Leave this workspace? You lose access to its flows and runs.'))
                            void act(
                              'leave',
                              () => api('DELETE /members/{id}', { params: { id: m.id } }),
                              () => router.push('/flows'),
                            );
                        }}
                      >
                        Leave
                      </Button>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
        {owners <= 1 && props.me.role === 'owner' && (
          <p className="text-xs text-slate-500">
            You are the only owner: to leave, first make another member owner (or transfer ownership).
          </p>
        )}

        {isOwner && (
          <form onSubmit={onInvite} noValidate className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
            <Field label="Invite by email" error={fieldErrors.email}>
              <Input name="email" type="email" placeholder="colleague@example.com" required />
            </Field>
            <Field label="Role" error={fieldErrors.role}>
              <Select name="role" defaultValue="viewer">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {roleLabel[r]}
                  </option>
                ))}
              </Select>
            </Field>
            <div className="sm:pt-6">
              <Button type="submit" loading={busy === 'invite'}>
                Create invite
              </Button>
            </div>
          </form>
        )}
        {created && (
          <Alert tone="success" title={`Invite link for ${created.email}`}>
            <p className="mb-2 text-sm">
              {created.mailed
                ? 'We emailed this link; you can also send it yourself.'
                : 'Email is not set up here, so send this link yourself.'}{' '}
              It works once, for that address, for 7 days.
            </p>
            <div className="flex items-center gap-2">
              <code className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 text-xs" data-testid="invite-link">
                {created.url}
              </code>
              <CopyButton value={created.url} label="Copy link" />
            </div>
          </Alert>
        )}
        {isOwner && props.invites.length > 0 && (
          <div>
            <h3 className="mb-1 text-sm font-medium text-slate-700">Pending invites</h3>
            <ul className="divide-y divide-slate-100 text-sm">
              {props.invites.map((i) => (
                <li key={i.id} className="flex items-center justify-between gap-2 py-1.5">
                  <span>
                    {i.email} · {roleLabel[i.role]} · expires <LocalTime value={i.expiresAt} />
                  </span>
                  <Button
                    size="sm"
                    variant="ghost"
                    loading={busy === `revoke-${i.id}`}
                    onClick={() =>
                      act(`revoke-${i.id}`, () => api('DELETE /members/invites/{id}', { params: { id: i.id } }))
                    }
                  >
                    Withdraw
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {isOwner && !props.mailConfigured && (
          <p className="text-xs text-slate-500">Without SMTP_URL invites are not emailed: copy the link shown.</p>
        )}
      </div>
    </Card>
  );
}
