import { storeWebhookWithItem } from '../backup-check/store-webhook-item';
import { createBatcher } from '../db/batcher';
import { ingestPool } from './ingest-pool';
import { storeKeyedEvent } from './store-keyed-events';
import { uuid7 } from '../db/uuid7';

// Writes the event row of one webhook request in a single autocommitted
// statement, so the 2xx can follow as soon as PostgreSQL has it. Plain
// inserts (no dedupe key) arriving together share one multi-row INSERT and
// one commit (batcher.ts); keyed ones are in store-keyed-events.ts.

export type NewEvent = {
  workspaceId: string;
  flowId: string;
  status: 'accepted' | 'held' | 'test';
  method: string;
  headers: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  dedupeKey: string | null;
  /** The item id at the backup check's idPath, when the flow has one (see store-webhook-item.ts). */
  itemId?: string | null;
};

export type StoredEvent = { eventId: string; status: 'accepted' | 'held' | 'test' | 'duplicate'; duplicateOfId: string | null };

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

const COLUMNS = `id, "workspaceId", "flowId", status, method, headers, query, body`;

const insertPlain = {
  name: 'ingest_insert_event',
  text: `INSERT INTO event (${COLUMNS}) VALUES ($1, $2, $3, $4::"EventStatus", $5, $6::jsonb, $7::jsonb, $8::jsonb)`,
};

const insertMany = {
  name: 'ingest_insert_events',
  text: `INSERT INTO event (${COLUMNS})
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::"EventStatus"[], $5::text[], $6::jsonb[], $7::jsonb[], $8::jsonb[])`,
};

type Values = (string | null)[];

const insertBatch = createBatcher<Values, true>(async (rows) => {
  if (rows.length === 1) {
    await ingestPool().query({ ...insertPlain, values: rows[0]! });
    return [true];
  }
  const columns = rows[0]!.map((_, c) => rows.map((r) => r[c]));
  try {
    await ingestPool().query({ ...insertMany, values: columns });
    return rows.map(() => true as const);
  } catch (err) {
    // One bad row (its flow deleted meanwhile) must not fail the others: retry them one by one.
    if (!(err as { code?: string }).code?.startsWith('23')) throw err;
    return Promise.all(rows.map((values) => ingestPool().query({ ...insertPlain, values }).then(() => true as const, (e: Error) => e)));
  }
});

// A test event also becomes the flow's sample for the editor's field picker.
const insertTest = {
  name: 'ingest_insert_test_event',
  text: `WITH e AS (INSERT INTO event (${COLUMNS}) VALUES ($1, $2, $3, $4::"EventStatus", $5, $6::jsonb, $7::jsonb, $8::jsonb) RETURNING id)
         UPDATE flow SET "sampleEventId" = (SELECT id FROM e) WHERE id = $3`,
};

export async function storeEvent(e: NewEvent): Promise<StoredEvent> {
  const eventId = uuid7();
  const values = [eventId, e.workspaceId, e.flowId, e.status, e.method, json(e.headers), json(e.query), json(e.body)];
  // Test events take no part in duplicate detection.
  if (e.status === 'test') {
    await ingestPool().query({ ...insertTest, values });
    return { eventId, status: 'test', duplicateOfId: null };
  }
  if (e.itemId) {
    const duplicateOfId = await storeWebhookWithItem(values, e.dedupeKey, e.itemId);
    return { eventId, status: duplicateOfId ? 'duplicate' : e.status, duplicateOfId };
  }
  if (!e.dedupeKey) {
    await insertBatch(values);
    return { eventId, status: e.status, duplicateOfId: null };
  }
  const duplicateOfId = await storeKeyedEvent([...values, e.dedupeKey]);
  return { eventId, status: duplicateOfId ? 'duplicate' : e.status, duplicateOfId };
}

const insertRefusal = {
  name: 'ingest_insert_refusal',
  text: `INSERT INTO event (id, "workspaceId", "flowId", status, method, headers, "refusalReason", "httpStatus")
         VALUES ($1, $2, $3, 'refused', $4, $5::jsonb, $6, $7)`,
};

/** Records a refused request — reason and status, never its body — for the flow's events list. */
export async function storeRefusal(r: {
  workspaceId: string;
  flowId: string;
  method: string;
  headers: Record<string, string>;
  reason: string;
  httpStatus: number;
}): Promise<string> {
  const id = uuid7();
  await ingestPool().query({ ...insertRefusal, values: [id, r.workspaceId, r.flowId, r.method, json(r.headers), r.reason, r.httpStatus] });
  return id;
}
