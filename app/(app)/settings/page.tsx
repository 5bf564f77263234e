import type { Metadata } from 'next';
import { ApiKeysCard } from '@/components/settings/api-keys-card';
import { MembersCard } from '@/components/settings/members-card';
import { VerifyEmailButton } from '@/components/settings/verify-email-button';
import { Alert } from '@/components/ui/alert';
import { Button, LinkButton } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { listApiKeys } from '@/lib/auth/api-keys';
import { requireUser } from '@/lib/auth/current-user';
import { roleLabel } from '@/lib/auth/roles';
import { env } from '@/lib/env';
import { unreachableHost } from '@/lib/flows/local-url';
import { instanceMailConfigured } from '@/lib/mail/instance-mail';
import { listPendingInvites } from '@/lib/members/invites';
import { listMembers } from '@/lib/members/list-members';
import { listMyWorkspaces } from '@/lib/members/my-workspaces';
import { switchWorkspaceAction } from './actions';

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-[10rem_1fr] sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

export default async function SettingsPage() {
  const user = await requireUser();
  const isOwner = user.role === 'owner';
  const [keys, members, invites, workspaces] = await Promise.all([
    isOwner ? listApiKeys(user.workspace.id) : [],
    listMembers(user.workspace.id),
    isOwner ? listPendingInvites(user.workspace.id) : [],
    listMyWorkspaces(user.id),
  ]);
  const rows = keys.map((k) => ({
    ...k,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));

  return (
    <>
      <PageHeader title="Settings" description="Your account, your workspace and API access." />
      <div className="space-y-6">
        <div className="grid gap-6 md:grid-cols-2">
          <Card title="Account">
            <dl className="-my-2.5 divide-y divide-slate-100">
              <Row label="Name">{user.name}</Row>
              <Row label="Email">
                {user.email}
                {user.emailVerified ? (
                  <span className="ml-2 text-xs text-emerald-700">confirmed</span>
                ) : (
                  <span className="mt-1 block text-xs text-amber-700">
                    Not confirmed yet: Switchboard sends this address no failure alerts until you open the link we
                    emailed. <VerifyEmailButton email={user.email} />
                  </span>
                )}
              </Row>
              <Row label="Member since">
                <LocalTime value={user.createdAt} />
              </Row>
            </dl>
          </Card>
          <Card title="Workspace">
            <dl className="-my-2.5 divide-y divide-slate-100">
              <Row label="Name">{user.workspace.name}</Row>
              <Row label="Your role">
                <span data-testid="my-role">{roleLabel[user.role]}</span>
              </Row>
              {workspaces.length > 1 && (
                <Row label="Your workspaces">
                  <ul className="space-y-1">
                    {workspaces.map((w) => (
                      <li key={w.id} className="flex items-center justify-between gap-2">
                        <span>
                          {w.name} <span className="text-xs text-slate-500">({roleLabel[w.role].toLowerCase()})</span>
                        </span>
                        {w.id === user.workspace.id ? (
                          <span className="text-xs text-slate-500">current</span>
                        ) : (
                          <form action={switchWorkspaceAction as (form: FormData) => Promise<void>}>
                            <input type="hidden" name="workspaceId" value={w.id} />
                            <Button type="submit" size="sm" variant="secondary">
                              Switch
                            </Button>
                          </form>
                        )}
                      </li>
                    ))}
                  </ul>
                </Row>
              )}
              <Row label="Workspace id">
                <code className="font-mono text-xs text-slate-600">{user.workspace.id}</code>
              </Row>
            </dl>
          </Card>
        </div>
        <InstanceCard />
        <MembersCard
          me={{ userId: user.id, role: user.role }}
          members={members}
          invites={invites}
          mailConfigured={instanceMailConfigured()}
        />
        {isOwner && <ApiKeysCard initialKeys={rows} />}
        <Card
          title="Audit log"
          description="Who published, paused, replayed or restored what, and changes to connections, members and API keys."
          actions={
            <LinkButton href="/settings/audit" variant="secondary" size="sm">
              Open
            </LinkButton>
          }
        />
        <Card
          title="Queues"
          description="Work waiting for workers, the oldest wait, and failed jobs you can retry."
          actions={
            <LinkButton href="/settings/queues" variant="secondary" size="sm">
              Open
            </LinkButton>
          }
        />
      </div>
    </>
  );
}

/** How this installation reaches people and is reached: its mail and its public address. */
function InstanceCard() {
  const appUrl = env().APP_URL;
  const unreachable = unreachableHost(appUrl);
  return (
    <Card title="This installation" description="Set by whoever runs Switchboard, in its environment variables.">
      <div className="space-y-3">
        {instanceMailConfigured() ? (
          <p className="text-sm text-slate-700" data-testid="smtp-status">
            Failure alerts and password-reset links are emailed through <code>SMTP_URL</code>.
          </p>
        ) : (
          <Alert tone="warning" title="Email is not set up (SMTP_URL is unset)">
            <span data-testid="smtp-status">
              Failure alerts and password-reset links are not emailed: they are written to the server log instead. Set{' '}
              <code>SMTP_URL</code> (e.g. <code>smtp://user:pass@mail.example.com:587</code>) and restart to send them.
            </span>
          </Alert>
        )}
        {unreachable ? (
          <Alert tone="warning" title="Webhook addresses are not reachable from the internet">
            <span data-testid="app-url-status">
              They start with <code>{appUrl}</code>, and {unreachable}. Set <code>APP_URL</code> to a public address (a
              tunnel or reverse proxy): see “Reaching Switchboard from the internet” in the README.
            </span>
          </Alert>
        ) : (
          <p className="text-sm text-slate-700" data-testid="app-url-status">
            Webhook addresses start with <code>{appUrl}</code>.
          </p>
        )}
      </div>
    </Card>
  );
}
