import { Queue, Worker } from 'bullmq';
import { env } from '../env';
import { logger } from '../log';
import { producerConnection, workerConnection } from '../queue/redis';
import { checkQuietFlows } from '../alerts/check-quiet-flows';
import { sweepBulkReplays } from '../runs/bulk-replay-job';
import { pruneOldData } from './prune-old-data';

// Housekeeping jobs on a queue of their own ("maintenance"), so they never
// wait behind a backlog of runs. Every worker process upserts the same job
// scheduler (same id, so there is one schedule however many workers start)
// and listens with concurrency 1: each hourly prune runs on one worker.

export const MAINTENANCE_QUEUE = 'maintenance';
export const RETENTION_SCHEDULER = 'retention.prune';
const EVERY_MS = 3600_000;
/** Quiet-source alerts and stuck bulk replays, every ALERT_CHECK_MS. */
export const WATCH_SCHEDULER = 'alerts.watch';

export async function startMaintenance(): Promise<{ stop: () => Promise<void> }> {
  const e = env();
  const producer = producerConnection();
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: producer, prefix: e.QUEUE_PREFIX });
  queue.on('error', () => {});
  // Best effort at start: with Redis away, the next worker start (or restart) sets it.
  await queue
    .upsertJobScheduler(
      RETENTION_SCHEDULER,
      { every: EVERY_MS },
      { name: RETENTION_SCHEDULER, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    )
    .catch((err: Error) =>
      logger.warn({ err: err.message }, 'could not schedule the retention job; it is set at the next worker start'),
    );
  await queue
    .upsertJobScheduler(
      WATCH_SCHEDULER,
      { every: e.ALERT_CHECK_MS },
      { name: WATCH_SCHEDULER, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    )
    .catch((err: Error) => logger.warn({ err: err.message }, 'could not schedule the quiet-source check'));

  const connection = workerConnection();
  connection.on('error', () => {});
  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name === WATCH_SCHEDULER) {
        await checkQuietFlows();
        await sweepBulkReplays();
        return;
      }
      if (job.name !== RETENTION_SCHEDULER) return;
      const started = Date.now();
      const r = await pruneOldData({ days: e.RETENTION_DAYS });
      logger.info(
        { ...r, retentionDays: e.RETENTION_DAYS, ms: Date.now() - started },
        'retention: old events and runs pruned',
      );
    },
    { connection, prefix: e.QUEUE_PREFIX, concurrency: 1 },
  );
  worker.on('error', (err) => logger.warn({ err: err.message }, 'maintenance worker error'));
  return {
    async stop() {
      await worker.close().catch(() => {});
      await queue.close().catch(() => {});
      await connection.quit().catch(() => connection.disconnect());
      producer.disconnect();
    },
  };
}
