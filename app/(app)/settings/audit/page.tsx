import type { Metadata } from 'next';
import Link from 'next/link';
import { LinkButton } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { listAuditLog, type AuditLogItem } from '@/lib/audit/list-audit-log';
import { requireUser } from '@/lib/auth/current-user';
import { isUuid } from '@/lib/db/is-uuid';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

const actions: Record<string, string> = {
  'flow.publish': 'Published flow',
  'flow.pause': 'Paused flow',
  'flow.resume': 'Resumed flow',
  'flow.restore': 'Restored version into draft',
  'flow.discard_draft': 'Discarded draft',
  'flow.rotate_token': 'Rotated webhook URL',
  'flow.alerts_update': 'Changed alert settings',
  'flow.held_discard': 'Discarded held events',
  'run.replay': 'Replayed run',
  'run.bulk_replay': 'Replayed runs',
  'event.edit_replay': 'Edited and replayed event',
  'connection.create': 'Created connection',
  'connection.update': 'Updated connection',
  'connection.delete': 'Deleted connection',
  'contact.delete': 'Deleted contact',
  'api_key.create': 'Created API key',
  'api_key.revoke': 'Revoked API key',
  'member.invite': 'Invited member',
  'member.invite_revoke': 'Withdrew invite',
  'member.join': 'Joined workspace',
  'member.role_change': 'Changed member role',
  'member.remove': 'Removed member',
  'member.leave': 'Left workspace',
  'member.transfer': 'Transferred ownership',
};

function Target({ item }: { item: AuditLogItem }) {
  const { type, id } = item.target;
  if (!id) return <span className="text-slate-500">{type}</span>;
  const href =
    type === 'flow'
      ? `/flows/${id}/versions`
      : type === 'run'
        ? `/runs/${id}`
        : type === 'connection'
          ? `/connections`
          : null;
  const short = `${type} ${id.slice(0, 8)}`;
  return href ? (
    <Link href={href} className="text-brand-700 hover:underline">
      {short}
    </Link>
  ) : (
    <span>{short}</span>
  );
}

function Detail({ detail }: { detail: unknown }) {
  const entries = detail && typeof detail === 'object' ? Object.entries(detail as Record<string, unknown>) : [];
  if (!entries.length) return <span className="text-slate-400">—</span>;
  return (
    <span className="font-mono text-xs text-slate-600">
      {entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ')}
    </span>
  );
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const user = await requireUser();
  const cursor = (await searchParams).cursor;
  const page = await listAuditLog(user.workspace.id, {
    limit: 50,
    cursor: cursor && isUuid(cursor) ? cursor : undefined,
  });
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/settings">← Settings</Link>}
        title="Audit log"
        description="Who changed what in this workspace, and when: publishes, pauses, replays, restores, alert settings, discarded events, deleted contacts, connections and API keys."
      />
      {page.items.length === 0 ? (
        <EmptyState title={cursor ? 'No older entries' : 'Nothing recorded yet'}>
          Publishing a flow, pausing it, replaying runs or changing connections and API keys adds an entry here.
        </EmptyState>
      ) : (
        <Card flush>
          <Table>
            <THead>
              <tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>What</Th>
                <Th>Target</Th>
                <Th>Details</Th>
                <Th>IP</Th>
              </tr>
            </THead>
            <TBody>
              {page.items.map((e) => (
                <Tr key={e.id} data-testid="audit-entry" data-action={e.action}>
                  <Td className="whitespace-nowrap">
                    <LocalTime value={e.at} />
                  </Td>
                  <Td>{e.actor.name}</Td>
                  <Td>{actions[e.action] ?? e.action}</Td>
                  <Td>
                    <Target item={e} />
                  </Td>
                  <Td>
                    <Detail detail={e.detail} />
                  </Td>
                  <Td className="font-mono text-xs">{e.ip ?? '—'}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      {page.nextCursor && (
        <div className="mt-4 flex justify-center">
          <LinkButton href={`/settings/audit?cursor=${page.nextCursor}`} variant="secondary" size="sm">
            Older entries
          </LinkButton>
        </div>
      )}
    </>
  );
}
