import { createBatcher } from '../db/batcher';
import { uuid7 } from '../db/uuid7';
import { sql } from '../engine/engine-sql';
import { isUuid } from '../db/is-uuid';

export type ContactInput = {
  email: string;
  name?: string;
  phone?: string;
  company?: string;
  tags: string[];
  fields: Record<string, string>;
};

/** "Run R, step N touched this contact": a line on the contact's timeline. */
export type ContactActivityInput = { runId: string; nodeId: string };

export type UpsertedContact = {
  contactId: string;
  /** Whether this call created the contact, or for a step of a run, what the step's first successful try recorded. */
  created: boolean;
};

/**
 * Creates or updates the workspace's contact with this (lower-cased) email,
 * and with `activity` adds the run step to its timeline (once per run and
 * step, so a retried step reports what its first try did). INSERT ... ON
 * CONFLICT serialises concurrent upserts of one email on the unique index, so
 * they all end in one contact; an update keeps values not given, merges fields
 * (new keys win) and adds tags.
 *
 * Calls made together (many runs' CRM steps at once) share one statement and
 * one commit; each call's part is the same as if it had gone alone.
 */
export function upsertContact(
  workspaceId: string,
  input: ContactInput,
  activity?: ContactActivityInput,
): Promise<UpsertedContact> {
  return upsertBatch({
    id: uuid7(),
    workspaceId,
    email: input.email,
    name: input.name ?? null,
    phone: input.phone ?? null,
    company: input.company ?? null,
    tags: input.tags,
    fields: input.fields,
    runId: activity && isUuid(activity.runId) ? activity.runId : null,
    nodeId: activity?.nodeId ?? null,
    activityId: uuid7(),
  });
}

type Item = {
  id: string;
  workspaceId: string;
  email: string;
  name: string | null;
  phone: string | null;
  company: string | null;
  tags: string[];
  fields: Record<string, string>;
  runId: string | null;
  nodeId: string | null;
  activityId: string;
};

// The activity's `created` comes from its existing row when a retried step
// recorded it already; the statement's snapshot still shows that row.
const UPSERT = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
    n int, id uuid, "workspaceId" uuid, email text, name text, phone text, company text, tags text[], fields jsonb,
    "runId" uuid, "nodeId" text, "activityId" uuid)
), c AS (
  INSERT INTO contact AS c (id, "workspaceId", email, name, phone, company, tags, fields, "createdAt", "updatedAt")
  -- One lock order for every statement, so two batches touching the same contacts cannot deadlock.
  SELECT id, "workspaceId", email, name, phone, company, tags, fields, now(), now() FROM input ORDER BY "workspaceId", email
  ON CONFLICT ("workspaceId", email) DO UPDATE SET
    name = COALESCE(EXCLUDED.name, c.name),
    phone = COALESCE(EXCLUDED.phone, c.phone),
    company = COALESCE(EXCLUDED.company, c.company),
    tags = ARRAY(SELECT t FROM unnest(c.tags || EXCLUDED.tags) WITH ORDINALITY AS u(t, n) GROUP BY t ORDER BY min(n)),
    fields = c.fields || EXCLUDED.fields,
    "updatedAt" = now()
  RETURNING c.id, c."workspaceId", c.email, (xmax = 0) AS created
), a AS (
  INSERT INTO contact_activity (id, "workspaceId", "contactId", "runId", "flowId", "nodeId", created, "createdAt")
  SELECT i."activityId", i."workspaceId", c.id, r.id, r."flowId", i."nodeId", c.created, now()
  FROM input i
  JOIN c ON c."workspaceId" = i."workspaceId" AND c.email = i.email
  CROSS JOIN LATERAL (SELECT r.id, r."flowId" FROM run r WHERE r.id = i."runId" AND r."workspaceId" = i."workspaceId" OFFSET 0) r
  ON CONFLICT ("runId", "nodeId", "contactId") DO NOTHING
  RETURNING "runId", "nodeId", created
)
SELECT i.n, c.id::text AS "contactId",
       COALESCE(a.created,
                (SELECT x.created FROM contact_activity x
                 WHERE x."runId" = i."runId" AND x."nodeId" = i."nodeId" AND x."contactId" = c.id),
                c.created) AS created
FROM input i
JOIN c ON c."workspaceId" = i."workspaceId" AND c.email = i.email
LEFT JOIN a ON a."runId" = i."runId" AND a."nodeId" = i."nodeId"`;

const upsertBatch = createBatcher<Item, UpsertedContact>(async (items) => {
  const out: (UpsertedContact | Error)[] = new Array(items.length);
  // One statement cannot upsert a row twice: a second call for the same
  // contact goes in the next round, and sees what the first one did.
  for (let round = items.map((item, n) => ({ n, item })); round.length;) {
    const seen = new Set<string>();
    const now = round.filter(({ item }) => !seen.has(key(item)) && seen.add(key(item)));
    round = round.filter((r) => !now.includes(r));
    await send(now, out);
  }
  return out;
});

const key = (i: Item) => `${i.workspaceId} ${i.email}`;

async function send(batch: { n: number; item: Item }[], out: (UpsertedContact | Error)[]): Promise<void> {
  try {
    const rows = await sql<{ n: number; contactId: string; created: boolean }>(
      UPSERT,
      [JSON.stringify(batch.map(({ n, item }) => ({ n, ...item })))],
      'contact-upsert',
    );
    for (const r of rows) out[r.n] = { contactId: r.contactId, created: r.created };
    for (const { n } of batch) out[n] ??= new Error('The contact could not be saved (its workspace was deleted)');
  } catch (err) {
    // One call's bad data must not fail the others: try them one by one.
    if (batch.length > 1 && (err as { code?: string }).code?.match(/^(22|23)/)) {
      for (const one of batch) await send([one], out);
      return;
    }
    for (const { n } of batch) out[n] = err as Error;
  }
}
