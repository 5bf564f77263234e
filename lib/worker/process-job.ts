import { DelayedError, type Job } from 'bullmq';
import { isDbUnavailable } from '../errors';
import { jobPayloads, type JobName } from '../queue/jobs';
import { logger } from '../log';
import { advanceRun, startRunForEvent } from '../engine/drive-run';
import { runPollJob } from '../backup-check/run-poll-job';
import { sendFailureAlert } from '../alerts/send-failure-alert';
import { runBulkReplay } from '../runs/bulk-replay-job';
import { jobContext } from './job-context';

// Dispatches a job by name. Payloads are ids only and are validated against
// the job catalog; every handler is idempotent (state lives in PostgreSQL).

const handlers: { [N in JobName]?: (payload: any, job: Job) => Promise<void> } = {
  'event.accepted': (p: { eventId: string }) => startRunForEvent(p.eventId),
  'run.advance': (p: { runId: string }) => advanceRun(p.runId),
  'backupCheck.poll': (p: { flowId: string }, job) => runPollJob(p.flowId, job),
  'alert.runFailed': async (p: { runId: string }, job) => void (await sendFailureAlert(p.runId, job)),
  'replay.bulk': (p: { bulkReplayId: string }) => runBulkReplay(p.bulkReplayId),
};

/** While PostgreSQL is unreachable a job waits this long and tries again, without using up its attempts. */
const DB_OUTAGE_RETRY_MS = 5_000;

export async function processJob(job: Job, token?: string): Promise<void> {
  const name = job.name as JobName;
  const handler = handlers[name];
  const schema = jobPayloads[name];
  if (!handler || !schema) {
    logger.warn({ job: job.name, id: job.id }, 'unknown job; dropped');
    return;
  }
  const payload = schema.safeParse(job.data);
  if (!payload.success) {
    logger.warn({ job: job.name, id: job.id }, 'job payload does not match the catalog; dropped');
    return;
  }
  try {
    // Whatever this job starts knows which job it is (for the process safety net's log).
    await jobContext.run({ job: name, jobId: job.id, ...(payload.data as object) }, () => handler(payload.data, job));
  } catch (err) {
    // A database outage can outlast any retry budget; the job waits it out
    // (state is in PostgreSQL, so nothing is lost or done twice).
    if (isDbUnavailable(err) && token) {
      logger.warn({ job: job.name, id: job.id }, 'database unavailable; job retries in a few seconds');
      await job.moveToDelayed(Date.now() + DB_OUTAGE_RETRY_MS, token);
      throw new DelayedError();
    }
    throw err;
  }
}
