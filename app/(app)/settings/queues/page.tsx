import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { isWorkspaceOwner, queueOverview, type QueueOverview } from '@/lib/admin/queue-overview';
import { requireUser } from '@/lib/auth/current-user';
import { retryJobAction } from './actions';

export const metadata: Metadata = { title: 'Queues' };
export const dynamic = 'force-dynamic';

// Settings → Queues: is work flowing? Counts of the runs queue, the age of the
// oldest waiting job, connected workers, and this workspace's failed jobs
// (ones BullMQ gave up on; the sweeper also re-adds their runs) with Retry.

const age = (s: number | null) =>
  s === null
    ? 'none waiting'
    : s < 60
      ? `${s} s`
      : s < 3600
        ? `${Math.round(s / 60)} min`
        : `${(s / 3600).toFixed(1)} h`;

export default async function QueuesPage() {
  const user = await requireUser();
  if (!(await isWorkspaceOwner(user.id, user.workspace.id))) notFound();
  let overview: QueueOverview | null = null;
  try {
    overview = await queueOverview(user.workspace.id);
  } catch {
    overview = null;
  }

  return (
    <>
      <PageHeader title="Queues" description="How work flows from webhooks to workers. Refresh the page to update." />
      {!overview ? (
        <Card title="Redis is not reachable">
          <p className="text-sm text-slate-600">
            The queue cannot be read right now. Webhooks are still accepted and stored; runs resume once Redis is back.
          </p>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card title="Runs queue">
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
              {[
                ['Waiting', overview.counts.waiting],
                ['Running', overview.counts.active],
                ['Scheduled', overview.counts.delayed],
                ['Failed', overview.counts.failed],
                ['Oldest waiting', age(overview.oldestWaitingSeconds)],
                ['Workers', overview.workers],
              ].map(([label, value]) => (
                <div key={label}>
                  <dt className="text-xs text-slate-500">{label}</dt>
                  <dd className="text-lg font-semibold text-slate-900 tabular-nums">{value}</dd>
                </div>
              ))}
            </dl>
            {overview.workers === 0 && (
              <p className="mt-3 text-sm text-amber-700">
                No worker is connected: start one with <code>npm run start:worker</code>.
              </p>
            )}
          </Card>
          <Card
            title="Failed jobs"
            description="Jobs of this workspace that failed on every try. Retry puts one back in the queue."
            flush
          >
            {overview.failed.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-500">No failed jobs.</p>
            ) : (
              <Table>
                <THead>
                  <Tr>
                    <Th>Job</Th>
                    <Th>For</Th>
                    <Th>Reason</Th>
                    <Th>Tries</Th>
                    <Th>Failed</Th>
                    <Th>
                      <span className="sr-only">Actions</span>
                    </Th>
                  </Tr>
                </THead>
                <TBody>
                  {overview.failed.map((j) => (
                    <Tr key={j.jobId}>
                      <Td>{j.name}</Td>
                      <Td>
                        {j.runId ? (
                          <Link className="text-sky-700 underline" href={`/runs/${j.runId}`}>
                            run {j.runId.slice(-8)}
                          </Link>
                        ) : (
                          <span>event {j.eventId?.slice(-8)}</span>
                        )}
                      </Td>
                      <Td className="max-w-md break-words">{j.reason}</Td>
                      <Td>{j.attempts}</Td>
                      <Td>{j.failedAt ? <LocalTime value={j.failedAt} /> : '—'}</Td>
                      <Td>
                        <form action={retryJobAction as (form: FormData) => Promise<void>}>
                          <input type="hidden" name="jobId" value={j.jobId} />
                          <Button type="submit" variant="secondary" size="sm">
                            Retry
                          </Button>
                        </form>
                      </Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>
        </div>
      )}
    </>
  );
}
