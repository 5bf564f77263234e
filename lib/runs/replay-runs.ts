import { z } from 'zod';
import { db } from '../db';
import { AppError } from '../errors';
import { createReplay, enqueueReplay } from './replay-run';
import { runStatuses } from './run-list-rows';

// POST /runs/replay: replays every run matching a filter (e.g. all failed runs
// of a flow since the target came back), up to a bounded number per call.

export const MAX_BULK_REPLAY = 1000;

export const bulkReplayInput = z.object({
  flowId: z.uuid({ message: 'must be a flow id' }).optional(),
  status: z.enum(runStatuses).optional(),
  since: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  fromFailedStep: z.boolean().optional(),
});

export async function replayRuns(workspaceId: string, input: z.infer<typeof bulkReplayInput>): Promise<{ queued: number }> {
  const runs = await db.run.findMany({
    where: {
      workspaceId,
      ...(input.flowId ? { flowId: input.flowId } : {}),
      ...(input.fromFailedStep ? { status: 'failed' } : input.status ? { status: input.status } : {}),
      ...(input.since ? { createdAt: { gte: new Date(input.since) } } : {}),
    },
    select: { id: true, flowId: true, eventId: true, flowVersionId: true, status: true },
    orderBy: { id: 'asc' },
    take: MAX_BULK_REPLAY,
  });
  let queued = 0;
  for (const run of runs) {
    try {
      await enqueueReplay(await createReplay(workspaceId, run, { fromFailedStep: input.fromFailedStep }));
      queued++;
    } catch (err) {
      // A flow without a published version cannot be replayed whole; skip its runs.
      if (!(err instanceof AppError && err.code === 'conflict')) throw err;
    }
  }
  return { queued };
}
