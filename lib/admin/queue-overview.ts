import type { Queue } from 'bullmq';
import { db } from '../db';
import { runsQueue } from '../queue/queues';

// The queue admin view (Settings → Queues), for workspace owners. Counts are
// instance-wide and say nothing about other workspaces; failed jobs are
// listed only when the run or event they point at is this workspace's.

export type FailedJob = {
  jobId: string;
  name: string;
  runId: string | null;
  eventId: string | null;
  reason: string;
  attempts: number;
  failedAt: string | null;
};
export type QueueOverview = {
  counts: { waiting: number; active: number; delayed: number; failed: number };
  oldestWaitingSeconds: number | null;
  workers: number;
  failed: FailedJob[];
};

/** Failed jobs looked at per view: BullMQ keeps them 7 days (lib/queue/queues.ts). */
const FAILED_SCAN = 500;

export async function isWorkspaceOwner(userId: string, workspaceId: string): Promise<boolean> {
  const m = await db.membership.findFirst({ where: { userId, workspaceId, role: 'owner' }, select: { id: true } });
  return !!m;
}

export async function queueOverview(workspaceId: string, queue: Queue = runsQueue()): Promise<QueueOverview> {
  const [counts, workers, oldest, jobs] = await Promise.all([
    queue.getJobCounts('wait', 'active', 'delayed', 'failed'),
    queue.getWorkersCount(),
    oldestWaiting(queue),
    queue.getFailed(0, FAILED_SCAN - 1),
  ]);
  const ids = (key: 'runId' | 'eventId') =>
    jobs
      .map((j) => (j?.data as Record<string, unknown> | undefined)?.[key])
      .filter((v): v is string => typeof v === 'string');
  const [runs, events] = await Promise.all([
    db.run.findMany({ where: { workspaceId, id: { in: ids('runId') } }, select: { id: true } }),
    db.event.findMany({ where: { workspaceId, id: { in: ids('eventId') } }, select: { id: true } }),
  ]);
  const mine = new Set([...runs, ...events].map((r) => r.id));
  const failed = jobs
    .filter((j) => j && [j.data?.runId, j.data?.eventId].some((id) => mine.has(id)))
    .map((j) => ({
      jobId: j.id!,
      name: j.name,
      runId: typeof j.data.runId === 'string' ? j.data.runId : null,
      eventId: typeof j.data.eventId === 'string' ? j.data.eventId : null,
      reason: (j.failedReason ?? '').slice(0, 300),
      attempts: j.attemptsMade,
      failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
    }));
  return {
    counts: {
      waiting: counts.wait ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
    },
    oldestWaitingSeconds: oldest,
    workers,
    failed,
  };
}

async function oldestWaiting(queue: Queue): Promise<number | null> {
  // asc: the job that has waited longest comes first.
  const [job] = await queue.getJobs(['wait'], 0, 0, true);
  return job ? Math.max(0, Math.round((Date.now() - job.timestamp) / 1000)) : null;
}

/** Puts a failed job of this workspace back in the queue; 'not_found' for anything else. */
export async function retryFailedJob(
  workspaceId: string,
  jobId: string,
  queue: Queue = runsQueue(),
): Promise<'retried' | 'not_found'> {
  const job = await queue.getJob(jobId);
  if (!job || !(await job.isFailed())) return 'not_found';
  const { runId, eventId } = (job.data ?? {}) as { runId?: unknown; eventId?: unknown };
  const owned =
    (typeof runId === 'string' && (await db.run.count({ where: { id: runId, workspaceId } })) > 0) ||
    (typeof eventId === 'string' && (await db.event.count({ where: { id: eventId, workspaceId } })) > 0);
  if (!owned) return 'not_found';
  await job.retry('failed');
  return 'retried';
}
