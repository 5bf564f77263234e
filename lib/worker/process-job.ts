import type { Job } from 'bullmq';
import { logger } from '../log';

// Dispatches a job by name. The engine (runs/) fills this in.
export async function processJob(job: Job): Promise<void> {
  logger.debug({ job: job.name, id: job.id }, 'job received');
}
