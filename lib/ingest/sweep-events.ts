import { env } from '../env';
import { logger } from '../log';
import { countMetric } from '../metrics/metric-counters';
import { RUNS_QUEUE } from '../queue/jobs';
import { enqueue } from '../queue/queues';
import { sharedProducer } from '../queue/redis';
import { execute, sql } from '../engine/engine-sql';

// The outbox sweeper, run by every worker process. The web process commits an
// event and then adds its job to Redis; when that add failed (Redis down, the
// web process died in between) or Redis later lost the job (restarted empty),
// PostgreSQL still knows: an accepted event with no run. Every few seconds
// this re-adds those jobs. jobId = eventId makes an add of a job that is still
// queued a no-op, so several workers sweeping at once is harmless.
//
// `queuedAt` marks an event as settled: set by the statement that creates its
// run (acquire-run.ts), or here for an event whose run exists already, so the
// (status, queuedAt, id) index only holds the events still in flight and a
// pass walks it in id order without sorting. The web process never writes it
// (one write less per webhook). When the worker is behind, that can be a big
// backlog whose jobs are all queued: a periodic pass then looks at one
// bounded slice, resuming where the last one stopped, so every event is
// looked at again within a few passes at a small, steady cost (a bigger slice
// every 2 s was a burst of PostgreSQL and Redis work that ingest felt). A
// Redis that restarted (new run_id) — or a worker just started — gets one
// full pass at once.
//
// Also released here: held events of a flow that is live again (a request
// that read "paused" just before a resume committed), and expired dedupe keys.

const INTERVAL_MS = 2000;
/** Younger events are left to the web process's own enqueue. */
const MIN_AGE_MS = 3000;
const BATCH = 1000;
/** Bound on one periodic pass; the rest follows in the next passes. */
const MAX_BATCHES = 1;
/** Bound on a full pass (1M events); the rest follows in the periodic passes. */
const FULL_BATCHES = 1000;
const START = '00000000-0000-0000-0000-000000000000';
const KEY_CLEANUP_EVERY_MS = 10 * 60_000;

export type SweepResult = { settled: number; enqueued: number; released: number };

/** A full pass. `flowId` limits it to one flow (the CLI's `events:requeue --flow`). */
export async function sweepEventsOnce(minAgeMs = MIN_AGE_MS, flowId: string | null = null): Promise<SweepResult> {
  return (await sweepSlice(START, FULL_BATCHES, minAgeMs, flowId)).result;
}

async function sweepSlice(from: string, maxBatches: number, minAgeMs: number, flowId: string | null) {
  const result: SweepResult = { settled: 0, enqueued: 0, released: 0 };
  result.released = await execute(
    `UPDATE event e SET status = 'accepted'
     FROM flow f
     WHERE e.status = 'held' AND e."queuedAt" IS NULL AND f.id = e."flowId" AND f.status = 'live'
       AND ($1::uuid IS NULL OR e."flowId" = $1::uuid)
       AND e."receivedAt" < now() - $2::int * interval '1 millisecond'`,
    [flowId, minAgeMs],
  );

  // Nothing can be enqueued while Redis is away; try again next pass.
  if (sharedProducer().status !== 'ready') return { result, next: from };
  let cursor = from;
  for (let i = 0; i < maxBatches; i++) {
    const rows = await sql<{ id: string; hasRun: boolean }>(
      `SELECT e.id::text AS id, (r.id IS NOT NULL) AS "hasRun"
       FROM event e LEFT JOIN run r ON r."originKey" = e.id::text
       WHERE e.status = 'accepted' AND e."queuedAt" IS NULL AND e.id > $1::uuid
         AND ($2::uuid IS NULL OR e."flowId" = $2::uuid)
         AND e."receivedAt" < now() - $3::int * interval '1 millisecond'
       ORDER BY e.id
       LIMIT $4`,
      [cursor, flowId, minAgeMs, BATCH],
    );
    if (rows.length === 0) return { result, next: START };
    cursor = rows[rows.length - 1]!.id;
    const settled = rows.filter((r) => r.hasRun).map((r) => r.id);
    const missing = rows.filter((r) => !r.hasRun).map((r) => r.id);
    if (settled.length) {
      result.settled += await execute(`UPDATE event SET "queuedAt" = now() WHERE id = ANY($1::uuid[])`, [settled]);
    }
    const lost = await withoutJob(missing);
    const added = await Promise.allSettled(
      lost.map((eventId) => enqueue('event.accepted', { eventId }, { jobId: eventId })),
    );
    result.enqueued += added.filter((a) => a.status === 'fulfilled').length;
    if (added.some((a) => a.status === 'rejected')) return { result, next: from };
    if (rows.length < BATCH) return { result, next: START };
  }
  return { result, next: cursor };
}

/** Redis's run_id: a new one means Redis restarted (possibly empty). */
async function redisRunId(): Promise<string | null> {
  try {
    return /run_id:(\w+)/.exec(await sharedProducer().info('server'))?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * The events whose job is not in Redis. When the worker is merely behind, the
 * jobs are all there; one pipelined EXISTS per event is far cheaper than
 * re-adding each (a BullMQ add runs a script and encodes the job).
 */
async function withoutJob(eventIds: string[]): Promise<string[]> {
  if (eventIds.length === 0) return [];
  const prefix = `${env().QUEUE_PREFIX}:${RUNS_QUEUE}:`;
  const res = await sharedProducer()
    .pipeline(eventIds.map((id) => ['exists', prefix + id]))
    .exec();
  return eventIds.filter((_, i) => res?.[i]?.[0] || res?.[i]?.[1] !== 1);
}

/** Deletes dedupe keys past the 7-day window, a bounded batch at a time. */
export async function deleteExpiredEventKeys(): Promise<number> {
  return execute(
    `DELETE FROM event_key WHERE ctid IN (
       SELECT ctid FROM event_key WHERE "createdAt" < now() - interval '7 days' LIMIT 10000)`,
  );
}

export function startEventSweeper(intervalMs = INTERVAL_MS): { stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastKeyCleanup = 0;
  let resumeFrom = START;
  let knownRunId: string | null = null;

  const pass = async () => {
    try {
      const runId = sharedProducer().status === 'ready' ? await redisRunId() : null;
      const full = runId !== null && runId !== knownRunId;
      const slice = await sweepSlice(full ? START : resumeFrom, full ? FULL_BATCHES : MAX_BATCHES, MIN_AGE_MS, null);
      // A full pass counts only once it got through (Redis may have gone again).
      if (full && slice.next === START) knownRunId = runId;
      resumeFrom = slice.next;
      const r = slice.result;
      if (r.enqueued || r.released) logger.info(r, 'event sweeper re-enqueued events');
      countMetric('switchboard_sweeper_recoveries_total', { sweeper: 'events' }, r.enqueued);
      if (Date.now() - lastKeyCleanup > KEY_CLEANUP_EVERY_MS) {
        lastKeyCleanup = Date.now();
        await deleteExpiredEventKeys();
      }
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'event sweeper pass failed; retrying');
    }
  };
  const schedule = () => {
    if (stopped) return;
    // Jitter keeps several workers from sweeping in lockstep.
    timer = setTimeout(
      () => {
        running = pass().finally(schedule);
      },
      intervalMs * (0.75 + Math.random() * 0.5),
    );
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
