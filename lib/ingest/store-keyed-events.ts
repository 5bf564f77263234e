import { createBatcher } from '../db/batcher';
import { ingestPool } from './ingest-pool';

// Events that carry a dedupe key (Idempotency-Key, webhook-id — which every
// Standard Webhooks sender sends — or the trigger's dedupeKeyPath value).
// The key row and the event row are written in one statement: the
// (flowId, key) primary key serialises concurrent deliveries of one key, and
// the loser becomes a "duplicate" event pointing at the first. A key older
// than the 7-day window is taken over by the new event.
// Keyed events arriving together share one statement too. Keys are locked in
// sorted order, so two batches can never wait on each other in a cycle; a
// key repeated within one batch (ON CONFLICT may touch a row only once per
// statement) goes in a statement of its own right after.

const COLUMNS = `id, "workspaceId", "flowId", status, method, headers, query, body`;

const TAKE_OVER = `ON CONFLICT ("flowId", key) DO UPDATE SET
    "eventId" = CASE WHEN event_key."createdAt" < now() - interval '7 days' THEN EXCLUDED."eventId" ELSE event_key."eventId" END,
    "createdAt" = CASE WHEN event_key."createdAt" < now() - interval '7 days' THEN EXCLUDED."createdAt" ELSE event_key."createdAt" END`;

const insertOne = {
  name: 'ingest_insert_event_with_key',
  text: `WITH k AS (
           INSERT INTO event_key ("flowId", key, "eventId", "createdAt") VALUES ($3, $9, $1, now())
           ${TAKE_OVER}
           RETURNING "eventId"
         )
         INSERT INTO event (${COLUMNS}, "duplicateOfId")
         SELECT $1, $2, $3, CASE WHEN k."eventId" = $1 THEN $4::"EventStatus" ELSE 'duplicate'::"EventStatus" END,
                $5, $6::jsonb, $7::jsonb, $8::jsonb, NULLIF(k."eventId", $1::uuid)
         FROM k
         RETURNING "duplicateOfId"`,
};

const insertMany = {
  name: 'ingest_insert_events_with_keys',
  text: `WITH i AS (
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::"EventStatus"[], $5::text[], $6::jsonb[], $7::jsonb[], $8::jsonb[], $9::text[])
             AS t(id, ws, flow, status, method, headers, query, body, key)
         ), k AS (
           INSERT INTO event_key ("flowId", key, "eventId", "createdAt")
           SELECT flow, key, id, now() FROM i ORDER BY flow, key
           ${TAKE_OVER}
           RETURNING "flowId", key, "eventId"
         )
         INSERT INTO event (${COLUMNS}, "duplicateOfId")
         SELECT i.id, i.ws, i.flow, CASE WHEN k."eventId" = i.id THEN i.status ELSE 'duplicate'::"EventStatus" END,
                i.method, i.headers, i.query, i.body, NULLIF(k."eventId", i.id)
         FROM i JOIN k ON k."flowId" = i.flow AND k.key = i.key
         RETURNING id, "duplicateOfId"`,
};

/** [id, workspaceId, flowId, status, method, headers, query, body, key] */
export type KeyedValues = (string | null)[];
type Outcome = { duplicateOfId: string | null } | Error;

async function one(values: KeyedValues): Promise<Outcome> {
  try {
    const { rows } = await ingestPool().query<{ duplicateOfId: string | null }>({ ...insertOne, values });
    return { duplicateOfId: rows[0]?.duplicateOfId ?? null };
  } catch (err) {
    return err as Error;
  }
}

const retryAlone = (code: string | undefined) => !!code && (code.startsWith('23') || code === '40P01');

const insertBatch = createBatcher<KeyedValues, Outcome>(async (rows) => {
  if (rows.length === 1) return [await one(rows[0]!)];
  const seen = new Set<string>();
  const first: number[] = [];
  const repeats: number[] = [];
  rows.forEach((r, i) => {
    const k = `${r[2]}\n${r[8]}`;
    (seen.has(k) ? repeats : first).push(i);
    seen.add(k);
  });
  const out: Outcome[] = new Array(rows.length);
  try {
    const columns = rows[0]!.map((_, c) => first.map((i) => rows[i]![c]));
    const { rows: stored } = await ingestPool().query<{ id: string; duplicateOfId: string | null }>({
      ...insertMany,
      values: columns,
    });
    const byId = new Map(stored.map((s) => [s.id, s.duplicateOfId]));
    for (const i of first) out[i] = { duplicateOfId: byId.get(rows[i]![0]!) ?? null };
  } catch (err) {
    // A row whose flow was deleted meanwhile must not fail the others.
    if (!retryAlone((err as { code?: string }).code)) throw err;
    await Promise.all(first.map(async (i) => (out[i] = await one(rows[i]!))));
  }
  for (const i of repeats) out[i] = await one(rows[i]!);
  return out;
});

/** Stores a keyed event; returns the first event's id when this delivery is a duplicate. */
export async function storeKeyedEvent(values: KeyedValues): Promise<string | null> {
  const outcome = await insertBatch(values);
  if (outcome instanceof Error) throw outcome;
  return outcome.duplicateOfId;
}
