import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import { env } from '../env';
import { logger } from '../log';
import { runsQueue } from '../queue/queues';
import { sharedProducer, whenReady } from '../queue/redis';
import { intervalMs } from './backup-check-config';
import { markDisabled, markEnabled, publishedCheck } from './backup-check-state';

// One BullMQ job scheduler per flow with a backup check, kept in line with the
// flow's published config. The scheduler lives in Redis, shared by every
// worker, so each interval makes one poll job however many workers run; its
// fixed id makes creating it again a no-op. PostgreSQL stays the truth: the
// worker's reconciler (reconcile-schedules.ts) re-creates schedulers Redis
// lost and removes stale ones.

export const schedulerId = (flowId: string) => `backup-check-${flowId}`;
export const POLL_JOB = 'backupCheck.poll';

/**
 * Retries of a failed poll: backoff RETRY_BASE_MS × 2^n (15 s, 30 s, 1 min, … ~2 h in all by default).
 * A scheduled poll's retries stop once its next interval has come (run-poll-job.ts).
 */
export const pollJobOptions = () => ({
  attempts: 10,
  backoff: { type: 'exponential' as const, delay: env().RETRY_BASE_MS },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
});

export async function upsertScheduler(flowId: string, everyMs: number, queue: Queue = runsQueue()): Promise<void> {
  await queue.upsertJobScheduler(
    schedulerId(flowId),
    { every: everyMs },
    { name: POLL_JOB, data: { flowId }, opts: pollJobOptions() },
  );
}

export async function removeScheduler(flowId: string, queue: Queue = runsQueue()): Promise<void> {
  await queue.removeJobScheduler(schedulerId(flowId));
}

/** A one-off poll now (the baseline after publish, or "check now"). */
export async function enqueuePollNow(flowId: string, queue: Queue = runsQueue()): Promise<void> {
  await whenReady(sharedProducer(), 2000);
  await queue.add(POLL_JOB, { flowId }, { ...pollJobOptions(), jobId: `backup-check-now-${flowId}-${randomUUID()}` });
}

/**
 * Brings the flow's backup check in line with its published config: called
 * after publish, pause/resume and delete, and by the reconciler. Never throws
 * for Redis trouble — the state is in PostgreSQL and the reconciler catches up.
 */
export async function syncBackupCheck(flowId: string, { pollNow = true } = {}): Promise<void> {
  const check = await publishedCheck(flowId);
  if (!check?.config) {
    if (check) await markDisabled(flowId);
    await whenReady(sharedProducer(), 2000)
      .then(() => removeScheduler(flowId))
      .catch((err: Error) =>
        logger.warn({ flowId, err: err.message }, 'backup check scheduler not removed now; the reconciler will'),
      );
    return;
  }
  const { baselinePending } = await markEnabled({ ...check, config: check.config });
  try {
    await whenReady(sharedProducer(), 2000);
    const existed = baselinePending && pollNow && (await runsQueue().getJobScheduler(schedulerId(flowId)));
    await upsertScheduler(flowId, intervalMs(check.config));
    // A new scheduler polls at once; an existing one keeps its rhythm, so a new baseline gets its own poll.
    if (existed) await enqueuePollNow(flowId);
  } catch (err) {
    logger.warn({ flowId, err: (err as Error).message }, 'backup check not scheduled now; the reconciler will');
  }
}

/** For routes: syncing must not fail the publish / pause / delete that already committed. */
export async function syncBackupCheckQuietly(flowId: string): Promise<void> {
  await syncBackupCheck(flowId).catch((err: Error) =>
    logger.warn({ flowId, err: err.message }, 'backup check sync failed; the reconciler will retry'),
  );
}
