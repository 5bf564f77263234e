import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { env } from '../env';
import { RUNS_QUEUE, type JobName, type JobPayload } from './jobs';
import { sharedProducer } from './redis';

const globalForQueues = globalThis as unknown as { __switchboardRunsQueue?: Queue };

export function runsQueue(connection: Redis = sharedProducer()): Queue {
  if (connection !== sharedProducer()) return quiet(new Queue(RUNS_QUEUE, { connection, prefix: env().QUEUE_PREFIX }));
  return (globalForQueues.__switchboardRunsQueue ??= quiet(
    new Queue(RUNS_QUEUE, {
      connection,
      prefix: env().QUEUE_PREFIX,
    }),
  ));
}

// A connection error (Redis restarting, a Sentinel failover dropping clients)
// surfaces on the enqueue that failed, and the sweeper re-enqueues from
// PostgreSQL; without a listener BullMQ prints each one as a raw stack.
function quiet(queue: Queue): Queue {
  queue.on('error', () => {});
  return queue;
}

/** Options every job gets (enqueue and enqueueMany). */
const jobOptions = {
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
} as const;

/**
 * An `event.accepted` job that failed for good is dropped rather than kept: its
 * job id is the event id, so a kept failed job would stop the event sweeper from
 * ever adding it again, and the event would never run.
 */
const optionsFor = (name: JobName) => (name === 'event.accepted' ? { ...jobOptions, removeOnFail: true } : jobOptions);

/** Adds a job; the job id makes the add idempotent while the job exists. */
export async function enqueue<N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  opts: { jobId: string; delay?: number; queue?: Queue },
): Promise<void> {
  const queue = opts.queue ?? runsQueue();
  await queue.add(name, payload, { ...optionsFor(name), jobId: opts.jobId, delay: opts.delay });
}

/** Adds several jobs of one name in one Redis round trip (the webhook hot path batches its adds). */
export async function enqueueMany<N extends JobName>(
  name: N,
  jobs: { payload: JobPayload<N>; jobId: string }[],
): Promise<void> {
  await runsQueue().addBulk(
    jobs.map((j) => ({ name, data: j.payload, opts: { ...optionsFor(name), jobId: j.jobId } })),
  );
}
