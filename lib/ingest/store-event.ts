import { storeWebhookWithItem } from '../backup-check/store-webhook-item';
import { createBatcher } from '../db/batcher';
import { ingestPool } from './ingest-pool';
import { storeKeyedEvent } from './store-keyed-events';
import { uuid7 } from '../db/uuid7';

// Writes the event row of one webhook request in a single autocommitted
// statement, so the 2xx can follow as soon as PostgreSQL has it. Plain
// inserts (no dedupe key) arriving together share one multi-row INSERT and
// one commit (batcher.ts); keyed ones are in store-keyed-events.ts.
// A plain insert can carry the flow state the request was checked against
// (`expect`): the row goes in only if the flow still has that token, status
// and published version, so a request decided on a cached flow never stores
// an event the flow's current state would not have accepted.

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
  /** Store only if the flow is still in this state (plain inserts only). */
  expect?: FlowState;
};

export type FlowState = { token: string; status: string; publishedVersion: number | null };

/** `stale`: the flow is no longer in the `expect`ed state; nothing was stored. */
export type StoredEvent = {
  eventId: string;
  status: 'accepted' | 'held' | 'test' | 'duplicate' | 'stale';
  duplicateOfId: string | null;
};

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

const COLUMNS = `id, "workspaceId", "flowId", status, method, headers, query, body`;

const insertMany = {
  name: 'ingest_insert_events',
  text: `INSERT INTO event (${COLUMNS})
         SELECT i.id, i."workspaceId", i."flowId", i.status, i.method, i.headers, i.query, i.body
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::"EventStatus"[], $5::text[], $6::jsonb[], $7::jsonb[], $8::jsonb[],
                     $9::text[], $10::text[], $11::int[])
              AS i(id, "workspaceId", "flowId", status, method, headers, query, body, token, "flowStatus", version)
         WHERE i.token IS NULL OR EXISTS (
           SELECT 1 FROM flow f WHERE f.id = i."flowId" AND f.token = i.token AND f.status::text = i."flowStatus"
             AND f."publishedVersion" IS NOT DISTINCT FROM i.version)
         RETURNING id`,
};

type Values = (string | number | null)[];

/** Inserts rows (storeEvent's values, then the expected token, flow status and version); true for each row stored. */
const insertBatch = createBatcher<Values, boolean>(async (rows) => {
  const insert = async (batch: Values[]) => {
    const columns = batch[0]!.map((_, c) => batch.map((r) => r[c]));
    const { rows: stored } = await ingestPool().query<{ id: string }>({ ...insertMany, values: columns });
    const ids = new Set(stored.map((r) => r.id));
    return batch.map((r) => ids.has(r[0] as string));
  };
  try {
    return await insert(rows);
  } catch (err) {
    // One bad row (its flow deleted meanwhile) must not fail the others: retry them one by one.
    if (rows.length === 1 || !(err as { code?: string }).code?.startsWith('23')) throw err;
    return Promise.all(
      rows.map((values) =>
        insert([values]).then(
          ([ok]) => ok!,
          (e: Error) => e,
        ),
      ),
    );
  }
});

// A test event also becomes the flow's sample for the editor's field picker.
const insertTest = {
  name: 'ingest_insert_test_event',
  text: `WITH e AS (INSERT INTO event (${COLUMNS}) VALUES ($1, $2, $3, $4::"EventStatus", $5, $6::jsonb, $7::jsonb, $8::jsonb) RETURNING id)
         UPDATE flow SET "sampleEventId" = (SELECT id FROM e) WHERE id = $3`,
};

/**
 * The insert was sent but its answer was lost (connection dropped, the client
 * gave up waiting): it may have committed. PostgreSQL answering with an error
 * (a SQLSTATE, e.g. 57014 from statement_timeout) means it did not; so does
 * never getting a connection.
 */
export class StoreOutcomeUnknown extends Error {
  constructor(cause: unknown) {
    super(`outcome unknown: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'StoreOutcomeUnknown';
  }
}

const SQLSTATE = /^(?:[0-9]{2}|F0|HV|P0|XX)[0-9A-Z]{3}$/;
const NEVER_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|timeout exceeded when trying to connect|connection timeout/i;

/** Whether a failed store may nevertheless have committed (see StoreOutcomeUnknown). */
export function storeOutcomeUnknown(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && SQLSTATE.test(e.code)) return false;
  return !NEVER_SENT.test(`${String(e?.code ?? '')} ${String(e?.message ?? '')}`);
}

export async function storeEvent(e: NewEvent): Promise<StoredEvent> {
  try {
    return await insertEvent(e);
  } catch (err) {
    throw storeOutcomeUnknown(err) ? new StoreOutcomeUnknown(err) : err;
  }
}

async function insertEvent(e: NewEvent): Promise<StoredEvent> {
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
    const x = e.expect;
    const stored = await insertBatch([...values, x?.token ?? null, x?.status ?? null, x?.publishedVersion ?? null]);
    return { eventId, status: stored ? e.status : 'stale', duplicateOfId: null };
  }
  const duplicateOfId = await storeKeyedEvent([...values, e.dedupeKey]);
  return { eventId, status: duplicateOfId ? 'duplicate' : e.status, duplicateOfId };
}

const insertRefusal = {
  name: 'ingest_insert_refusal',
  text: `INSERT INTO event (id, "workspaceId", "flowId", status, method, headers, "refusalReason", "httpStatus")
         VALUES ($1, $2, $3, 'refused', $4, $5::jsonb, $6, $7)`,
};

export type Refusal = {
  workspaceId: string;
  flowId: string;
  method: string;
  headers: Record<string, string>;
  reason: string;
  httpStatus: number;
};

/** Records a refused request — reason and status, never its body — for the flow's events list (see record-refusal.ts). */
export async function storeRefusal(r: Refusal): Promise<string> {
  const id = uuid7();
  await ingestPool().query({
    ...insertRefusal,
    values: [id, r.workspaceId, r.flowId, r.method, json(r.headers), r.reason, r.httpStatus],
  });
  return id;
}
