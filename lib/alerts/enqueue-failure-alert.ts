import { logger } from '../log';
import { RUNS_QUEUE, type JobPayload } from '../queue/jobs';
import { runsQueue } from '../queue/queues';

// Called by the engine when a run ends `failed`. The alert goes through its own
// job so the engine never waits on mail; the job id makes a second call for
// the same run a no-op.

/**
 * More patience than other jobs: an SMTP server down for a while should delay
 * the alert, not lose it (2 s doubling, 10 tries: about 17 minutes).
 */
const ALERT_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export async function enqueueFailureAlert(runId: string): Promise<void> {
  const payload: JobPayload<'alert.runFailed'> = { runId };
  try {
    await runsQueue().add('alert.runFailed', payload, { ...ALERT_JOB_OPTIONS, jobId: `alert-${runId}` });
  } catch (err) {
    // Redis away: the run is failed and listed (nav badge, runs page); only the mail is skipped.
    logger.warn({ runId, queue: RUNS_QUEUE, err: (err as Error).message }, 'could not enqueue the failure alert');
  }
}
