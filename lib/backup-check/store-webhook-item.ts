import { ingestPool } from '../ingest/ingest-pool';

// The webhook's event row when the flow has a backup check and the body names
// an item (the id at idPath): the seen-item row, the dedupe key (if any) and
// the event are written in ONE statement, so a poll delivering the same item
// at the same moment cannot make a second run — whichever insert reaches the
// (flowId, itemId) primary key first owns the item, the other becomes a
// duplicate (webhook) or nothing (poll).
// A baseline row (seen by the first poll, never run) is taken over: the item
// runs now, once. A row that already has an event makes this a duplicate,
// answered 200 with that event's id.
// The item is claimed before the dedupe key, so a key recorded here always
// points at the event that owns the item.

const statement = {
  name: 'ingest_insert_event_with_item',
  text: `WITH s AS (
           INSERT INTO seen_item ("flowId", "itemId", source, "eventId", "firstSeenAt")
           VALUES ($3, $10, 'webhook', $1, now())
           ON CONFLICT ("flowId", "itemId") DO UPDATE SET
             "eventId" = COALESCE(seen_item."eventId", EXCLUDED."eventId"),
             source = CASE WHEN seen_item."eventId" IS NULL THEN EXCLUDED.source ELSE seen_item.source END
           RETURNING "eventId"
         ), k AS (
           INSERT INTO event_key ("flowId", key, "eventId", "createdAt")
           SELECT $3, $9::text, s."eventId", now() FROM s WHERE $9::text IS NOT NULL
           ON CONFLICT ("flowId", key) DO UPDATE SET
             "eventId" = CASE WHEN event_key."createdAt" < now() - interval '7 days' THEN EXCLUDED."eventId" ELSE event_key."eventId" END,
             "createdAt" = CASE WHEN event_key."createdAt" < now() - interval '7 days' THEN EXCLUDED."createdAt" ELSE event_key."createdAt" END
           RETURNING "eventId"
         ), d AS (
           SELECT COALESCE((SELECT NULLIF(s."eventId", $1::uuid) FROM s), (SELECT NULLIF(k."eventId", $1::uuid) FROM k)) AS dup
         )
         INSERT INTO event (id, "workspaceId", "flowId", status, method, headers, query, body, "duplicateOfId")
         SELECT $1, $2, $3, CASE WHEN d.dup IS NULL THEN $4::"EventStatus" ELSE 'duplicate'::"EventStatus" END,
                $5, $6::jsonb, $7::jsonb, $8::jsonb, d.dup
         FROM d
         RETURNING "duplicateOfId"`,
};

/**
 * `values` are storeEvent's: id, workspaceId, flowId, status, method, headers, query, body.
 * Returns the first event's id when this delivery is a duplicate, else null.
 */
export async function storeWebhookWithItem(
  values: (string | null)[],
  dedupeKey: string | null,
  itemId: string,
): Promise<string | null> {
  const { rows } = await ingestPool().query<{ duplicateOfId: string | null }>({
    ...statement,
    values: [...values, dedupeKey, itemId],
  });
  return rows[0]?.duplicateOfId ?? null;
}
