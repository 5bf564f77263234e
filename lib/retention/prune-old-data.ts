import { execute } from '../engine/engine-sql';

// Data retention: deletes events older than RETENTION_DAYS together with
// their runs, step results and contact timeline entries (foreign keys cascade
// from event to run, and from run to step_run and contact_activity). Contacts
// themselves are CRM data and stay. Never deleted: held events (they wait for
// the user), events with an unfinished run or a run started inside the window
// (a recent replay), and an event that is a flow's editor sample.
//
// Ids are UUIDv7, so "older than the cutoff" is a range on the primary key:
// each batch is an index range scan, oldest first, and concurrent workers
// skip each other's rows (SKIP LOCKED).

const BATCH = 1000;
/** Bound on one pass, so a big backlog is worked off over several passes. */
const MAX_BATCHES = 200;

/** The smallest UUIDv7 of a millisecond: every id made at or after `ms` sorts after it. */
export function uuidv7Floor(ms: number): string {
  const h = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7000-8000-000000000000`;
}

export type PruneResult = { events: number; batches: number };

export async function pruneOldData(opts: {
  days: number;
  now?: number;
  batch?: number;
  maxBatches?: number;
}): Promise<PruneResult> {
  const cutoff = uuidv7Floor((opts.now ?? Date.now()) - opts.days * 86_400_000);
  const batch = opts.batch ?? BATCH;
  const result: PruneResult = { events: 0, batches: 0 };
  for (let i = 0; i < (opts.maxBatches ?? MAX_BATCHES); i++) {
    const deleted = await execute(
      `WITH doomed AS (
         SELECT e.id FROM event e
         WHERE e.id < $1::uuid AND e.status <> 'held'
           AND NOT EXISTS (
             SELECT 1 FROM run r WHERE r."eventId" = e.id AND (r.status IN ('queued', 'running', 'waiting') OR r.id >= $1::uuid))
           AND NOT EXISTS (SELECT 1 FROM flow f WHERE f."sampleEventId" = e.id)
         ORDER BY e.id
         LIMIT $2
         FOR UPDATE OF e SKIP LOCKED
       )
       DELETE FROM event WHERE id IN (SELECT id FROM doomed)`,
      [cutoff, batch],
    );
    result.batches++;
    result.events += deleted;
    if (deleted < batch) break;
  }
  return result;
}
