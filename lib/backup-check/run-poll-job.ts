import type { Job } from 'bullmq';
import { logger } from '../log';
import { pollFlow } from './poll-flow';
import { removeScheduler } from './schedule-backup-check';

/**
 * The worker's 'backupCheck.poll' job. A failed poll throws, so BullMQ retries
 * it with backoff; a job for a flow without a (published, enabled) check
 * removes its scheduler, since the flow was deleted or changed meanwhile.
 */
export async function runPollJob(flowId: string, job: Job): Promise<void> {
  const scheduled = !!job.repeatJobKey;
  // A retry of a scheduled poll past the next interval is moot: that interval's own poll has taken over.
  const opts = job.opts as { repeat?: { every?: number }; prevMillis?: number };
  const every = opts.repeat?.every;
  const scheduledAt = opts.prevMillis ?? job.timestamp;
  if (scheduled && job.attemptsMade > 0 && every && Date.now() - scheduledAt > every) return;
  const outcome = await pollFlow(flowId, scheduled ? 'scheduled' : 'now');
  if (!outcome.ran && outcome.reason === 'not-configured' && scheduled) {
    await removeScheduler(flowId).catch((err: Error) =>
      logger.warn({ flowId, err: err.message }, 'stale backup check scheduler not removed'),
    );
  }
}
