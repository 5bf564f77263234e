import { randomBytes } from 'node:crypto';
import { env } from '../env';
import { logger } from '../log';
import { countMetric } from '../metrics/metric-counters';
import { runsQueue } from '../queue/queues';
import { sharedProducer } from '../queue/redis';
import { DB_NOW, sql } from './engine-sql';
import { enqueueAdvance, newJobId } from './enqueue-advance';

// The run sweeper, run by every worker process: finds unfinished runs whose
// job Redis no longer has (Redis restarted empty, a job failed for good, an
// add that never happened) and adds a fresh one, from PostgreSQL.
//
// Every pass looks at runs that look stuck: no lease, and overdue (a waiting
// run whose time has passed, or a queued/running one idle for a while). When
// Redis has lost its data (a marker key is gone) or the connection comes back,
// the next pass looks at every unfinished run, including ones waiting hours
// ahead, so their timers are back in Redis within seconds.
// A run being driven holds a lease and is left alone; a run whose worker died
// keeps its BullMQ job (moved back by the stalled check), which counts as present.

const INTERVAL_MS = 3000;
/** How long past due a run may sit before it counts as stuck. */
const OVERDUE_MS = 5000;
const BATCH = 500;
const MAX_BATCHES = 40;
const ALIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children', 'paused', 'wait']);

type Candidate = { id: string; jobId: string | null; nextAttemptAt: Date | null };

export type RunSweepResult = { checked: number; enqueued: number; full: boolean };

/** `flowId` limits a pass to one flow (the CLI's `events:requeue --flow`). */
export async function sweepRunsOnce(
  opts: { full?: boolean; overdueMs?: number; flowId?: string } = {},
): Promise<RunSweepResult> {
  const result: RunSweepResult = { checked: 0, enqueued: 0, full: false };
  const redis = sharedProducer();
  if (redis.status !== 'ready') return result;
  // A missing marker means this Redis does not hold what it held before.
  // A pass over one flow leaves the marker to the passes that look at every run.
  const fresh = !opts.flowId && (await redis.set(markerKey(), randomBytes(6).toString('hex'), 'NX')) === 'OK';
  const full = Boolean(opts.full || fresh);
  result.full = full;
  const overdue = opts.overdueMs ?? OVERDUE_MS;
  const queue = runsQueue();
  let cursor = '00000000-0000-0000-0000-000000000000';
  for (let i = 0; i < MAX_BATCHES; i++) {
    const now = Date.now();
    // ORDER BY run.id walks the partial index of unfinished runs; a bare "id"
    // would mean the text column selected, and sort every candidate.
    const rows = await sql<Candidate>(
      `SELECT id::text, "jobId", "nextAttemptAt" FROM run
       WHERE status IN ('queued', 'running', 'waiting') AND id > $1::uuid
         AND ("leaseToken" IS NULL OR "leaseUntil" IS NULL OR "leaseUntil" < ${DB_NOW})
         AND ($2::boolean
              OR (status = 'waiting' AND "nextAttemptAt" < ${DB_NOW} - $3::int * interval '1 millisecond')
              OR (status <> 'waiting' AND "updatedAt" < ${DB_NOW} - $3::int * interval '1 millisecond'))
         AND ($4::uuid IS NULL OR "flowId" = $4::uuid)
       ORDER BY run.id LIMIT ${BATCH}`,
      [cursor, full, overdue, opts.flowId ?? null],
    );
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]!.id;
    result.checked += rows.length;
    const states = await Promise.all(
      rows.map((r) => (r.jobId ? queue.getJobState(r.jobId) : Promise.resolve('unknown'))),
    );
    for (const [i, row] of rows.entries()) {
      if (ALIVE_STATES.has(states[i]!)) continue;
      if (await readd(row, now)) result.enqueued++;
    }
    if (rows.length < BATCH) break;
  }
  return result;
}

/** Points the run at a new job (only if nobody else did meanwhile), then adds that job. */
async function readd(row: Candidate, now: number): Promise<boolean> {
  const jobId = newJobId(row.id);
  const updated = await sql(
    `UPDATE run SET "jobId" = $2 WHERE id = $1::uuid AND "jobId" IS NOT DISTINCT FROM $3
       AND status IN ('queued', 'running', 'waiting') RETURNING id`,
    [row.id, jobId, row.jobId],
  );
  if (!updated.length) return false;
  const delay = row.nextAttemptAt ? Math.max(0, row.nextAttemptAt.getTime() - now) : 0;
  await enqueueAdvance(row.id, jobId, delay);
  return true;
}

const markerKey = () => `${env().QUEUE_PREFIX}:sweeper:epoch`;

export function startRunSweeper(intervalMs = INTERVAL_MS): { stop: () => Promise<void> } {
  let stopped = false;
  let busy = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let fullNext = true;
  const redis = sharedProducer();

  const pass = async () => {
    try {
      const full = fullNext;
      const r = await sweepRunsOnce({ full });
      // Only a pass that reached Redis counts as the full look.
      if (r.full || (full && redis.status === 'ready')) fullNext = false;
      if (r.enqueued) logger.info(r, 'run sweeper re-enqueued runs');
      countMetric('switchboard_sweeper_recoveries_total', { sweeper: 'runs' }, r.enqueued);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'run sweeper pass failed; retrying');
    }
  };
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    running = pass();
    await running;
    busy = false;
    schedule();
  };
  // Jitter keeps several workers from sweeping in lockstep.
  function schedule(ms = intervalMs * (0.75 + Math.random() * 0.5)) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
  }
  // Back from an outage: look at everything, and soon.
  const onReady = () => {
    fullNext = true;
    if (!busy) schedule(250);
  };
  redis.on('ready', onReady);
  schedule(500);
  return {
    async stop() {
      stopped = true;
      redis.off('ready', onReady);
      clearTimeout(timer);
      await running;
    },
  };
}
