import { storable } from '../db/storable';
import { ingestPool } from '../ingest/ingest-pool';
import { uuid7 } from '../db/uuid7';
import type { FetchedItem } from './fetch-items';

// What a poll writes. Every write to seen_item is an INSERT ... ON CONFLICT on
// its (flowId, itemId) primary key, never a read-then-write, so a webhook and
// a poll (or two polls) delivering one item at the same moment make one event.

const CHUNK = 500;

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

export type SeenRow = { itemId: string; source: string; eventId: string | null };

/** The seen rows of these ids (used to choose which items to take, and by preview). */
export async function seenRows(flowId: string, ids: string[]): Promise<Map<string, SeenRow>> {
  const out = new Map<string, SeenRow>();
  for (const part of chunks(ids)) {
    const { rows } = await ingestPool().query<SeenRow>(
      `SELECT "itemId", source, "eventId"::text AS "eventId" FROM seen_item WHERE "flowId" = $1::uuid AND "itemId" = ANY($2::text[])`,
      [flowId, part],
    );
    for (const r of rows) out.set(r.itemId, r);
  }
  return out;
}

/** The baseline: items at the source when the check started, recorded as seen and not run. */
export async function recordBaseline(flowId: string, ids: string[]): Promise<number> {
  let recorded = 0;
  for (const part of chunks(ids)) {
    const res = await ingestPool().query(
      `INSERT INTO seen_item ("flowId", "itemId", source, "eventId", "firstSeenAt")
       SELECT $1::uuid, id, 'baseline', NULL, now() FROM unnest($2::text[]) AS id
       ON CONFLICT ("flowId", "itemId") DO NOTHING`,
      [flowId, part],
    );
    recorded += res.rowCount ?? 0;
  }
  return recorded;
}

// Claims each item and creates its event in one statement. A poll takes only
// items never seen; a backfill also takes baseline rows (seen, never run).
// The event is held while the flow is paused, like a pushed one.
const ingestStatement = `
  WITH f AS (SELECT status FROM flow WHERE id = $2::uuid AND "workspaceId" = $1::uuid AND "publishedVersion" IS NOT NULL),
  items AS (SELECT * FROM unnest($3::text[], $4::uuid[], $5::jsonb[]) AS i("itemId", "eventId", body)),
  s AS (
    INSERT INTO seen_item ("flowId", "itemId", source, "eventId", "firstSeenAt")
    SELECT $2::uuid, i."itemId", 'backup-check', i."eventId", now() FROM items i WHERE EXISTS (SELECT 1 FROM f)
    ON CONFLICT ("flowId", "itemId") DO UPDATE SET "eventId" = EXCLUDED."eventId", source = 'backfill'
      WHERE $6::boolean AND seen_item."eventId" IS NULL
    RETURNING "itemId", "eventId", source
  )
  INSERT INTO event (id, "workspaceId", "flowId", status, source, body)
  SELECT s."eventId", $1::uuid, $2::uuid,
         CASE WHEN f.status = 'paused' THEN 'held'::"EventStatus" ELSE 'accepted'::"EventStatus" END,
         'backup-check', i.body
  FROM s JOIN items i ON i."itemId" = s."itemId" CROSS JOIN f
  RETURNING id::text AS id, status::text AS status, (SELECT s.source FROM s WHERE s."eventId" = event.id) AS claimed`;

export type IngestedEvent = { id: string; status: 'accepted' | 'held'; claimed: 'backup-check' | 'backfill' };

/** Creates events for the items this poll owns; returns them (items someone else owned are skipped). */
export async function ingestItems(
  workspaceId: string,
  flowId: string,
  items: FetchedItem[],
  backfill: boolean,
): Promise<IngestedEvent[]> {
  const out: IngestedEvent[] = [];
  for (const part of chunks(items)) {
    const { rows } = await ingestPool().query<IngestedEvent>(ingestStatement, [
      workspaceId,
      flowId,
      part.map((p) => p.id),
      part.map(() => uuid7()),
      // An item PostgreSQL cannot hold as it is (NUL, lone surrogates, too deep) is stored cleaned, with a note,
      // so one bad item never keeps the poll from advancing.
      part.map((p) => JSON.stringify(storable(p.item ?? null))),
      backfill,
    ]);
    out.push(...rows);
  }
  return out;
}
