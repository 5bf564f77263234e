import { logger } from '../log';
import { enqueue } from '../queue/queues';

// Called by the engine when a run ends `failed`. The alert goes through its own
// job (retried by BullMQ when SMTP is down) so the engine never waits on mail;
// the job id makes a second call for the same run a no-op.

export async function enqueueFailureAlert(runId: string): Promise<void> {
  try {
    await enqueue('alert.runFailed', { runId }, { jobId: `alert-${runId}` });
  } catch (err) {
    // Redis away: the run is failed and listed (nav badge, runs page); only the mail is skipped.
    logger.warn({ runId, err: (err as Error).message }, 'could not enqueue the failure alert');
  }
}
