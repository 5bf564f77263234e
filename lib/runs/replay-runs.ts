import { z } from 'zod';
import { db, Prisma } from '../db';
import { AppError } from '../errors';
import { createReplay, enqueueReplay } from './replay-run';
import { runStatuses } from './run-statuses';

// POST /runs/replay: acts on events, not runs. Each event whose *latest* run
// matches the filter (e.g. failed, since the target came back) gets one
// replay, up to a bounded number per call. Once replayed, the replay is the
// event's latest run, so asking again does not replay the event again — nor
// the replay, unless it too has come to match. A replay made here is keyed to
// the run it replays (originKey), so two calls racing create it once.

export const MAX_BULK_REPLAY = 1000;

export const bulkReplayInput = z.object({
  flowId: z.uuid({ message: 'must be a flow id' }).optional(),
  status: z.enum(runStatuses).optional(),
  since: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  fromFailedStep: z.boolean().optional(),
});

type Latest = { id: string; flowId: string; eventId: string; flowVersionId: string; status: string };

export async function replayRuns(
  workspaceId: string,
  input: z.infer<typeof bulkReplayInput>,
): Promise<{ queued: number }> {
  const status = input.fromFailedStep ? 'failed' : (input.status ?? null);
  // Run ids are UUIDv7 (time-ordered): an event's latest run is the one with the highest id.
  const runs = await db.$queryRaw<Latest[]>`
    SELECT r.id, r."flowId", r."eventId", r."flowVersionId", r.status::text AS status
    FROM run r
    WHERE r."workspaceId" = ${workspaceId}::uuid
      ${input.flowId ? Prisma.sql`AND r."flowId" = ${input.flowId}::uuid` : Prisma.empty}
      ${status ? Prisma.sql`AND r.status = ${status}::"RunStatus"` : Prisma.empty}
      ${input.since ? Prisma.sql`AND r."createdAt" >= ${new Date(input.since)}` : Prisma.empty}
      AND NOT EXISTS (SELECT 1 FROM run later WHERE later."eventId" = r."eventId" AND later.id > r.id)
    ORDER BY r.id
    LIMIT ${MAX_BULK_REPLAY}`;
  let queued = 0;
  for (const run of runs) {
    try {
      const created = await createReplay(
        workspaceId,
        run,
        { fromFailedStep: input.fromFailedStep },
        `bulk-replay:${run.id}`,
      );
      await enqueueReplay(created);
      queued++;
    } catch (err) {
      // A flow without a published version cannot be replayed whole; skip its runs.
      if (err instanceof AppError && err.code === 'conflict') continue;
      // Another call replayed this run a moment ago.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') continue;
      throw err;
    }
  }
  return { queued };
}
