import { randomBytes } from 'node:crypto';
import { enqueue } from '../queue/queues';

// The job that moves a run on (after a retry wait, a delay, a hand-back, or
// when the sweeper finds its job gone). Its id is stored on the run first, so
// the sweeper can tell whether Redis still has it.

/** BullMQ job ids may not contain ':'. */
export const newJobId = (runId: string) => `${runId}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export async function enqueueAdvance(runId: string, jobId: string, delayMs = 0): Promise<void> {
  await enqueue('run.advance', { runId }, { jobId, delay: delayMs > 0 ? delayMs : undefined });
}
