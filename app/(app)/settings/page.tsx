import type { Metadata } from 'next';
import { ApiKeysCard } from '@/components/settings/api-keys-card';
import { VerifyEmailButton } from '@/components/settings/verify-email-button';
import { LinkButton } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { listApiKeys } from '@/lib/auth/api-keys';
import { requireUser } from '@/lib/auth/current-user';

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
  const keys = await listApiKeys(user.workspace.id);
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
              <Row label="Workspace id">
                <code className="font-mono text-xs text-slate-600">{user.workspace.id}</code>
              </Row>
            </dl>
          </Card>
        </div>
        <ApiKeysCard initialKeys={rows} />
        <Card
          title="Audit log"
          description="Who published, paused, replayed or restored what, and changes to connections and API keys."
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
