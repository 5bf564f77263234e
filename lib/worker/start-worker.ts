import { Worker } from 'bullmq';
import { env } from '../env';
import { logger } from '../log';
import { RUNS_QUEUE } from '../queue/jobs';
import { workerConnection } from '../queue/redis';
import { startEventSweeper } from '../ingest/sweep-events';
import { lastStepDeadline, startDraining } from '../engine/draining';
import { startRunSweeper } from '../engine/sweep-runs';
import { processJob } from './process-job';
import { startScheduleReconciler } from '../backup-check/reconcile-schedules';
import { flushMetrics } from '../metrics/metric-counters';
import { startMaintenance } from '../retention/start-maintenance';

// Starts the BullMQ worker(s) of this process and shuts down gracefully on
// SIGTERM/SIGINT: stop taking jobs, start no new step, hand the runs' remaining
// steps back to the queue, and exit 0 once the jobs are done. A step already
// calling out is waited for until it ends, within its own timeout (a call cut
// off may have reached its target, and the next worker would make it again);
// other jobs get SHUTDOWN_GRACE_MS. Jobs not finished in time are handed back
// (BullMQ's stalled-job check moves them to another worker; the database state
// makes re-running them safe).

const SHUTDOWN_GRACE_MS = 20_000;
/** After a step's end (or timeout), the time its outcome needs to be written. */
const STEP_WRITE_GRACE_MS = 5_000;

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
  worker.on('failed', (job, err) =>
    logger.warn({ job: job?.name, jobId: job?.id, ...job?.data, err: err.message }, 'job failed; BullMQ retries it'),
  );
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
    const closing = Date.now();
    const deadline = () => Math.max(closing + SHUTDOWN_GRACE_MS, lastStepDeadline() + STEP_WRITE_GRACE_MS);
    let done = false;
    await Promise.race([
      worker.close().finally(() => (done = true)),
      (async () => {
        while (!done && Date.now() < deadline()) await new Promise((r) => setTimeout(r, 250));
      })(),
    ]);
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
