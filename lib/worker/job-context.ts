import { AsyncLocalStorage } from 'node:async_hooks';

// The job a piece of worker code runs for (its name and the ids of its
// payload), carried through every await and callback it starts. The process
// safety net (lib/boot/safety-net.ts) reads it to say which job an uncaught
// exception or unhandled rejection came from. It is as precise as the async
// context: work batched across jobs (the engine's shared writes) runs in the
// context of the job that started the batch.

export type JobContext = { job: string; jobId?: string; runId?: string; eventId?: string; flowId?: string };

export const jobContext = new AsyncLocalStorage<JobContext>();
