import { z } from 'zod';
import { db, Prisma } from '../db';
import { uuid7 } from '../db/uuid7';
import { AppError, notFound } from '../errors';
import { logger } from '../log';
import { enqueue } from '../queue/queues';
import { countRuns } from './count-runs';
import { runFilterInput, type RunFilter } from './run-filter';

// POST /runs/replay-jobs: replay the runs chosen on the runs page, or every run
// matching its filter, as a job the workers work through in chunks
// (bulk-replay-job.ts) while the browser follows its counts. The job's id is a
// UUIDv7 taken now, so "matching the filter" means the runs created before it:
// the replays it makes itself never join the set.

export const MAX_SELECTED_RUNS = 5000;

export const bulkReplayJobInput = runFilterInput.extend({
  runIds: z
    .array(z.uuid({ message: 'must be run ids' }))
    .min(1, 'choose at least one run')
    .max(MAX_SELECTED_RUNS, `at most ${MAX_SELECTED_RUNS} runs; use the filter for more`)
    .optional(),
  fromFailedStep: z.boolean().optional(),
});

export type BulkReplayJobInput = z.infer<typeof bulkReplayJobInput>;

const select = {
  id: true,
  status: true,
  fromFailedStep: true,
  total: true,
  replayed: true,
  skipped: true,
  errors: true,
  skipReasons: true,
  error: true,
  createdAt: true,
  finishedAt: true,
} as const;

type Row = Prisma.BulkReplayGetPayload<{ select: typeof select }>;

export type BulkReplayView = ReturnType<typeof toView>;

const toView = (r: Row) => ({
  id: r.id,
  status: r.status,
  fromFailedStep: r.fromFailedStep,
  total: r.total,
  /** Runs worked through so far (replayed + skipped + errors). */
  done: r.replayed + r.skipped + r.errors,
  replayed: r.replayed,
  skipped: r.skipped,
  errors: r.errors,
  skipReasons: r.skipReasons as Record<string, number>,
  error: r.error,
  createdAt: r.createdAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

export async function createBulkReplay(workspaceId: string, input: BulkReplayJobInput): Promise<BulkReplayView> {
  const id = uuid7();
  const { runIds, fromFailedStep, ...filter } = input;
  let total: number;
  if (runIds) {
    total = await db.run.count({ where: { workspaceId, id: { in: runIds } } });
    if (total === 0) throw new AppError('invalid_input', 'None of these runs exist in this workspace.');
  } else {
    if (filter.flowId) {
      const flow = await db.flow.findFirst({ where: { id: filter.flowId, workspaceId }, select: { id: true } });
      if (!flow) throw notFound('Flow');
    }
    total = await countRuns(workspaceId, filter);
  }
  const row = await db.bulkReplay.create({
    data: {
      id,
      workspaceId,
      runIds: runIds ?? [],
      filter: runIds ? Prisma.DbNull : (filter as Prisma.InputJsonValue),
      fromFailedStep: !!fromFailedStep,
      total,
      ...(total === 0 ? { status: 'done' as const, finishedAt: new Date() } : {}),
    },
    select,
  });
  if (total > 0) {
    await enqueue('replay.bulk', { bulkReplayId: id }, { jobId: `bulk-replay-${id}` }).catch((err: Error) =>
      // Stays `queued`: sweepBulkReplays (bulk-replay-job.ts) adds it once Redis answers.
      logger.warn({ bulkReplayId: id, err: err.message }, 'bulk replay not enqueued now'),
    );
  }
  return toView(row);
}

export async function getBulkReplay(workspaceId: string, id: string): Promise<BulkReplayView> {
  const row = await db.bulkReplay.findFirst({ where: { id, workspaceId }, select });
  if (!row) throw notFound('Replay job');
  return toView(row);
}

/** The filter a job was made with, for its audit entry. */
export const describeBulkReplay = (input: BulkReplayJobInput, filter: RunFilter = input) => ({
  runs: input.runIds ? input.runIds.length : null,
  flowId: filter.flowId ?? null,
  status: filter.status ?? null,
  since: filter.since ?? null,
  until: filter.until ?? null,
  searched: !!filter.search,
  fromFailedStep: !!input.fromFailedStep,
});
