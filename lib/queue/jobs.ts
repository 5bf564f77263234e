import { z } from 'zod';

// The job catalog: queue name → job name → payload schema. Payloads carry ids
// only; the state they point at lives in PostgreSQL, so a job delivered twice
// (stalled worker, crash, sweeper) is harmless.

export const RUNS_QUEUE = 'runs';

export const jobPayloads = {
  /** An accepted event waiting for its run (job id = event id). */
  'event.accepted': z.object({ eventId: z.uuid() }),
  /** Advance a run: its first steps, or after a delay/backoff (job id = run id + step + attempt). */
  'run.advance': z.object({ runId: z.uuid() }),
  /** Poll a flow's backup check (a job scheduler per flow, or one-off "poll now" jobs). */
  'backupCheck.poll': z.object({ flowId: z.uuid() }),
  /** Mail the owners that a run failed for good, at most once per flow per hour (job id = 'alert-' + run id). */
  'alert.runFailed': z.object({ runId: z.uuid() }),
  /** Work through a bulk replay's runs in chunks (job id = 'bulk-replay-' + its id). */
  'replay.bulk': z.object({ bulkReplayId: z.uuid() }),
} as const;

export type JobName = keyof typeof jobPayloads;
export type JobPayload<N extends JobName> = z.infer<(typeof jobPayloads)[N]>;
