import { Worker } from 'bullmq';
import { env } from '../env';
import { logger } from '../log';
import { RUNS_QUEUE } from '../queue/jobs';
import { workerConnection } from '../queue/redis';
import { startEventSweeper } from '../ingest/sweep-events';
import { startDraining } from '../runs/draining';
import { startRunSweeper } from '../runs/sweep-runs';
import { processJob } from './process-job';
import { startScheduleReconciler } from '../backup-check/reconcile-schedules';
import { flushMetrics } from '../metrics/metric-counters';
import { startMaintenance } from '../retention/start-maintenance';

// Starts the BullMQ worker(s) of this process and shuts down gracefully on
// SIGTERM/SIGINT: stop taking jobs, let the current ones finish within a bound,
// exit 0. Jobs not finished in time are handed back (BullMQ's stalled-job check
// moves them to another worker; the database state makes re-running them safe).

const SHUTDOWN_GRACE_MS = 20_000;

export async function startWorker(): Promise<{ close: () => Promise<void> }> {
  const e = env();
  const connection = workerConnection();
  connection.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error (worker keeps retrying)'));
  const worker = new Worker(RUNS_QUEUE, processJob, {
    connection,
    prefix: e.QUEUE_PREFIX,
    concurrency: e.WORKER_CONCURRENCY,
    // A killed worker's jobs go back to the queue within ~lockDuration + stalledInterval;
    // the run lease in PostgreSQL (not this lock) is what keeps two workers off one run.
    lockDuration: 15_000,
    stalledInterval: 5_000,
    maxStalledCount: 1000,
  });
  worker.on('error', (err) => logger.warn({ err: err.message }, 'worker error'));
  // Payloads are ids only (eventId / runId / flowId), so they are safe to log.
  worker.on('failed', (job, err) => logger.warn({ job: job?.name, jobId: job?.id, ...job?.data, err: err.message }, 'job failed; BullMQ retries it'));
  await worker.waitUntilReady().catch(() => {});
  logger.info({ concurrency: e.WORKER_CONCURRENCY }, 'worker started');
  // Re-enqueues accepted events whose job Redis never got or lost (outbox).
  const eventSweeper = startEventSweeper();
  // Re-adds the job of unfinished runs that Redis lost (restart, failed job).
  const runSweeper = startRunSweeper();
  // Keeps one backup check scheduler per flow in Redis in line with PostgreSQL.
  const scheduleReconciler = startScheduleReconciler();
  // Hourly retention prune (RETENTION_DAYS), one schedule across all workers.
  const maintenance = await startMaintenance();

  const close = async () => {
    // Runs finish the steps in flight, start no new ones and hand the rest back.
    startDraining();
    await Promise.all([eventSweeper.stop(), runSweeper.stop(), scheduleReconciler.stop()]);
    await Promise.race([worker.close(), new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS))]);
    await Promise.all([maintenance.stop(), flushMetrics()]);
    await connection.quit().catch(() => connection.disconnect());
  };
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, 'worker shutting down');
      void close().then(() => process.exit(0));
    });
  }
  return { close };
}
