import { db } from '../db';
import { AppError, notFound } from '../errors';
import { logger } from '../log';
import { runsQueue } from '../queue/queues';
import { enqueueAdvance, newJobId } from '../engine/enqueue-advance';

// "Retry now" on a step waiting for its next try: the step's and the run's
// next attempt move to now and a fresh advance job is added — the engine's own
// scheduling, so the lease still lets one job at a time drive the run and the
// step runs once. The job that was waiting for the old time is removed; if it
// fires anyway it finds nothing due and leaves the run as it is.

const DB_NOW = `(now() AT TIME ZONE 'UTC')`;

export async function retryStepNow(
  workspaceId: string,
  runId: string,
  nodeId: string,
): Promise<{ runId: string; nodeId: string; nextAttemptAt: string }> {
  const jobId = newJobId(runId);
  const rows = await db.$queryRawUnsafe<{ oldJobId: string | null; nextAttemptAt: Date }[]>(
    `WITH old AS (
       SELECT "jobId" FROM run WHERE id = $1::uuid AND "workspaceId" = $2::uuid
     ), s AS (
       UPDATE step_run s SET "nextAttemptAt" = ${DB_NOW}
       FROM run r
       WHERE r.id = $1::uuid AND r."workspaceId" = $2::uuid AND r.status = 'waiting'
         AND (r."leaseToken" IS NULL OR r."leaseUntil" IS NULL OR r."leaseUntil" < ${DB_NOW})
         AND s."runId" = r.id AND s."nodeId" = $3 AND s.status = 'retrying'
       RETURNING s."nextAttemptAt"
     ), r AS (
       UPDATE run SET "nextAttemptAt" = (SELECT "nextAttemptAt" FROM s), "jobId" = $4
       WHERE id = $1::uuid AND "workspaceId" = $2::uuid AND EXISTS (SELECT 1 FROM s)
       RETURNING id
     )
     SELECT (SELECT "jobId" FROM old) AS "oldJobId", s."nextAttemptAt" FROM s, r`,
    runId,
    workspaceId,
    nodeId,
    jobId,
  );
  const row = rows[0];
  if (!row) {
    const run = await db.run.findFirst({ where: { id: runId, workspaceId }, select: { id: true } });
    if (!run) throw notFound('Run');
    throw new AppError('conflict', 'This step is not waiting for a retry (it may be running right now).');
  }
  if (row.oldJobId) {
    // Best effort: a job already running or gone cannot be removed, and need not be.
    await runsQueue()
      .remove(row.oldJobId)
      .catch(() => {});
  }
  try {
    await enqueueAdvance(runId, jobId, 0);
  } catch (err) {
    // Committed: the run sweeper adds the job once Redis answers (the run is overdue now).
    logger.warn({ runId, err: (err as Error).message }, 'retry now: job not added; the sweeper will add it');
  }
  return { runId, nodeId, nextAttemptAt: row.nextAttemptAt.toISOString() };
}
