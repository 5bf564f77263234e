import { db, Prisma } from '../db';
import { sql } from '../engine/engine-sql';
import { AppError } from '../errors';
import { logger } from '../log';
import { enqueue } from '../queue/queues';
import { createReplay, enqueueReplay } from './replay-run';
import { runFilterFrom, runFilterSql, type RunFilter } from './run-filter';

// 'replay.bulk': works through a bulk replay's runs in id order, a chunk at a
// time, writing its counts and cursor after each chunk so the browser sees
// progress and a job taken over after a crash resumes where it stopped.
//
// Replay acts per event on its latest run: a run is replayed only while it is
// still its event's latest run; otherwise the event was replayed already (by
// this job, an earlier one, or by hand) and the run is skipped. The replay's
// originKey is keyed to the run it replays (as POST /runs/replay keys it), so
// two jobs racing over one run create one replay. Doing it twice never doubles.

const CHUNK = 200;

type Candidate = {
  id: string;
  flowId: string;
  eventId: string;
  flowVersionId: string;
  status: string;
  latestId: string;
};

type SkipReason = 'alreadyReplayed' | 'inProgress' | 'notFailed' | 'notPublished';

const UNFINISHED = new Set(['queued', 'running', 'waiting']);

export async function runBulkReplay(id: string): Promise<void> {
  const job = await db.bulkReplay.findUnique({
    where: { id },
    select: { workspaceId: true, runIds: true, filter: true, fromFailedStep: true, status: true, cursor: true },
  });
  if (!job || job.status === 'done' || job.status === 'failed') return;
  await db.bulkReplay.update({ where: { id }, data: { status: 'running' }, select: { id: true } });
  let cursor = job.cursor;
  for (;;) {
    const chunk = await candidates(id, job, cursor);
    if (chunk.length === 0) break;
    const counts = { replayed: 0, skipped: 0, errors: 0 };
    const reasons: Partial<Record<SkipReason, number>> = {};
    const skip = (r: SkipReason) => {
      counts.skipped++;
      reasons[r] = (reasons[r] ?? 0) + 1;
    };
    for (const run of chunk) {
      if (run.latestId !== run.id) skip('alreadyReplayed');
      else if (UNFINISHED.has(run.status)) skip('inProgress');
      else if (job.fromFailedStep && run.status !== 'failed') skip('notFailed');
      else {
        try {
          const created = await createReplay(
            job.workspaceId,
            run,
            { fromFailedStep: job.fromFailedStep },
            `bulk-replay:${run.id}`,
          );
          await enqueueReplay(created);
          counts.replayed++;
        } catch (err) {
          if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') skip('alreadyReplayed');
          else if (err instanceof AppError && err.code === 'conflict') skip('notPublished');
          else {
            counts.errors++;
            logger.warn(
              { bulkReplayId: id, runId: run.id, err: (err as Error).message },
              'bulk replay: run not replayed',
            );
          }
        }
      }
    }
    cursor = chunk[chunk.length - 1]!.id;
    await db.$executeRaw`
      UPDATE bulk_replay SET cursor = ${cursor}::uuid,
        replayed = replayed + ${counts.replayed}, skipped = skipped + ${counts.skipped}, errors = errors + ${counts.errors},
        "skipReasons" = ${mergeReasons(reasons)}
      WHERE id = ${id}::uuid`;
    if (chunk.length < CHUNK) break;
  }
  await db.bulkReplay.update({
    where: { id },
    data: { status: 'done', finishedAt: new Date() },
    select: { id: true },
  });
}

/** Adds this chunk's skip reasons to the row's (jsonb: each key summed). */
function mergeReasons(reasons: Partial<Record<SkipReason, number>>): Prisma.Sql {
  const keys = Object.keys(reasons) as SkipReason[];
  if (keys.length === 0) return Prisma.sql`"skipReasons"`;
  return keys.reduce(
    (acc, k) =>
      Prisma.sql`jsonb_set(${acc}, ${`{${k}}`}::text[], to_jsonb(coalesce(("skipReasons"->>${k})::int, 0) + ${reasons[k]!}))`,
    Prisma.sql`"skipReasons"`,
  );
}

/** The next chunk of the job's runs after `cursor`, each with its event's latest run id. */
function candidates(
  id: string,
  job: { workspaceId: string; runIds: string[]; filter: unknown },
  cursor: string | null,
): Promise<Candidate[]> {
  const after = cursor ? Prisma.sql`AND r.id > ${cursor}::uuid` : Prisma.empty;
  const latest = Prisma.sql`(SELECT l.id::text FROM run l WHERE l."eventId" = r."eventId" ORDER BY l.id DESC LIMIT 1)`;
  const cols = Prisma.sql`r.id::text, r."flowId"::text AS "flowId", r."eventId"::text AS "eventId",
    r."flowVersionId"::text AS "flowVersionId", r.status::text AS status, ${latest} AS "latestId"`;
  if (job.runIds.length > 0) {
    return db.$queryRaw<Candidate[]>`
      SELECT ${cols} FROM run r
      WHERE r."workspaceId" = ${job.workspaceId}::uuid AND r.id = ANY(${job.runIds}::uuid[]) ${after}
      ORDER BY r.id LIMIT ${CHUNK}`;
  }
  const filter = (job.filter ?? {}) as RunFilter;
  return db.$queryRaw<Candidate[]>`
    SELECT ${cols} FROM ${runFilterFrom(filter)}
    WHERE ${runFilterSql(job.workspaceId, filter)} AND r.id < ${id}::uuid ${after}
    ORDER BY r.id LIMIT ${CHUNK}`;
}

/** Re-adds the job of bulk replays Redis lost (unfinished for over a minute); the job id dedupes. */
export async function sweepBulkReplays(): Promise<number> {
  // Plain pg, like the other periodic passes of a worker (the engine's pool).
  const stuck = await sql<{ id: string }>(
    `SELECT id::text FROM bulk_replay
     WHERE status IN ('queued', 'running') AND "createdAt" < (now() AT TIME ZONE 'UTC') - interval '1 minute'
     ORDER BY id LIMIT 100`,
  );
  for (const s of stuck) {
    await enqueue('replay.bulk', { bulkReplayId: s.id }, { jobId: `bulk-replay-${s.id}` }).catch(() => {});
  }
  return stuck.length;
}
