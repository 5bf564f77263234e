import { z } from 'zod';
import { db, Prisma } from '../db';
import { AppError, notFound } from '../errors';
import { logger } from '../log';
import { sharedProducer, whenReady } from '../queue/redis';
import { enqueueAdvance, newJobId } from '../engine/enqueue-advance';
import { uuid7 } from '../db/uuid7';
import { publishedVersionId } from '../flows/published-version-id';

// Replay always makes a new run linked to the original (history is kept):
// - whole: the flow's CURRENT published version, from the start;
// - fromFailedStep: the original run's version, with the outputs of its
//   succeeded steps copied (reused = true) so they are not executed again.

export const replayInput = z.object({ fromFailedStep: z.boolean().optional() }).optional();

export type ReplayOptions = { fromFailedStep?: boolean };

type Original = {
  id: string;
  flowId: string;
  eventId: string;
  flowVersionId: string;
  status: string;
};

export async function replayRun(
  workspaceId: string,
  runId: string,
  opts: ReplayOptions = {},
): Promise<{ runId: string }> {
  const original = await db.run.findFirst({
    where: { id: runId, workspaceId },
    select: { id: true, flowId: true, eventId: true, flowVersionId: true, status: true },
  });
  if (!original) throw notFound('Run');
  const created = await createReplay(workspaceId, original, opts);
  await enqueueReplay(created);
  return { runId: created.runId };
}

/**
 * Creates the replay run (queued) and returns its id and job id; the caller enqueues.
 * `originKey` (unique) makes a second replay with the same key fail (P2002) instead of running twice.
 */
export async function createReplay(
  workspaceId: string,
  original: Original,
  opts: ReplayOptions,
  originKey?: string,
): Promise<{ runId: string; jobId: string }> {
  const id = uuid7();
  const jobId = newJobId(id);
  let flowVersionId = original.flowVersionId;
  let reused: {
    nodeId: string;
    type: string;
    attempts: number;
    input: unknown;
    output: unknown;
    startedAt: Date | null;
    finishedAt: Date | null;
  }[] = [];
  if (opts.fromFailedStep) {
    if (original.status !== 'failed') {
      throw new AppError(
        'conflict',
        'Only a failed run can be replayed from its failed step; replay the whole run instead.',
      );
    }
    reused = await db.stepRun.findMany({
      where: { runId: original.id, status: 'succeeded' },
      select: {
        nodeId: true,
        type: true,
        attempts: true,
        input: true,
        output: true,
        startedAt: true,
        finishedAt: true,
      },
    });
  } else {
    const versionId = await publishedVersionId(workspaceId, original.flowId);
    if (!versionId) throw new AppError('conflict', 'The flow has no published version to run; publish it first.');
    flowVersionId = versionId;
  }
  await db.$transaction([
    db.run.create({
      data: {
        id,
        workspaceId,
        flowId: original.flowId,
        eventId: original.eventId,
        flowVersionId,
        status: 'queued',
        originKey: originKey ?? `replay:${id}`,
        replayOfId: original.id,
        fromFailedStep: Boolean(opts.fromFailedStep),
        jobId,
      },
      select: { id: true },
    }),
    db.stepRun.createMany({
      data: reused.map((s) => ({
        id: uuid7(),
        runId: id,
        nodeId: s.nodeId,
        type: s.type,
        status: 'succeeded' as const,
        attempts: s.attempts,
        input: (s.input ?? Prisma.JsonNull) as Prisma.InputJsonValue,
        output: (s.output ?? Prisma.JsonNull) as Prisma.InputJsonValue,
        reused: true,
        startedAt: s.startedAt,
        finishedAt: s.finishedAt,
      })),
    }),
  ]);
  return { runId: id, jobId };
}

/** Best effort: if Redis is away, the run sweeper adds the job once it is back. */
export async function enqueueReplay(r: { runId: string; jobId: string }): Promise<void> {
  try {
    const redis = sharedProducer();
    if (redis.status !== 'ready') await whenReady(redis, 1000);
    await enqueueAdvance(r.runId, r.jobId);
  } catch (err) {
    logger.warn({ runId: r.runId, err: (err as Error).message }, 'replay not enqueued now; the run sweeper will');
  }
}
