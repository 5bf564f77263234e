import type { Job } from 'bullmq';
import { jobPayloads, type JobName } from '../queue/jobs';
import { logger } from '../log';
import { advanceRun, startRunForEvent } from '../runs/drive-run';
import { runPollJob } from '../backup-check/run-poll-job';
import { sendFailureAlert } from '../alerts/send-failure-alert';

// Dispatches a job by name. Payloads are ids only and are validated against
// the job catalog; every handler is idempotent (state lives in PostgreSQL).

const handlers: { [N in JobName]?: (payload: any, job: Job) => Promise<void> } = {
  'event.accepted': (p: { eventId: string }) => startRunForEvent(p.eventId),
  'run.advance': (p: { runId: string }) => advanceRun(p.runId),
  'backupCheck.poll': (p: { flowId: string }, job) => runPollJob(p.flowId, job),
  'alert.runFailed': async (p: { runId: string }) => void (await sendFailureAlert(p.runId)),
};

export async function processJob(job: Job): Promise<void> {
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
  await handler(payload.data, job);
}
