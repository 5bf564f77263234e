import { createBatcher } from '../db/batcher';
import { ingestPool } from './ingest-pool';

// Token → flow. Lookups arriving together share one indexed query
// (batcher.ts); only the trigger's config travels back, not the whole graph.
// Found flows are kept in this process for a while, so a steady stream of
// webhooks costs no lookup at all; a cached flow is only trusted by the
// event insert that checks, in the same statement, that the flow still has
// the token, status and published version the request was decided on
// (store-event.ts). Anything else (a refusal, a test event, a keyed or rate
// limited flow) looks the flow up afresh, so publishing, pausing, rotating
// and deleting take effect at once on every web instance.

export type HookFlow = {
  id: string;
  /** From this process's cache, not read from PostgreSQL for this request. */
  cached: boolean;
  workspaceId: string;
  status: 'draft' | 'live' | 'paused';
  publishedVersion: number | null;
  /** The trigger config that applies: the published one, or the draft's for test events. */
  trigger: Record<string, unknown> | null;
};

type Row = Omit<HookFlow, 'trigger'> & { token: string; draftTrigger: unknown; liveTrigger: unknown };

const TRIGGER_PATH = '$.nodes[*] ? (@.type == "trigger.webhook").config';

const lookup = {
  name: 'ingest_find_flows',
  text: `SELECT f.token, f.id, f."workspaceId" AS "workspaceId", f.status::text AS status, f."publishedVersion" AS "publishedVersion",
           jsonb_path_query_first(f."draftGraph", '${TRIGGER_PATH}') AS "draftTrigger",
           jsonb_path_query_first(v.graph, '${TRIGGER_PATH}') AS "liveTrigger"
         FROM flow f
         LEFT JOIN flow_version v ON v."flowId" = f.id AND v.version = f."publishedVersion"
         WHERE f.token = ANY($1::text[])`,
};

const findRows = createBatcher<string, Row | null>(async (tokens) => {
  const { rows } = await ingestPool().query<Row>({ ...lookup, values: [[...new Set(tokens)]] });
  const byToken = new Map(rows.map((r) => [r.token, r]));
  return tokens.map((t) => byToken.get(t) ?? null);
});

const asObject = (v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;
const cache = new Map<string, { row: Row; at: number }>();

/**
 * The flow a webhook token belongs to, or null. `forTest`: the test URL, which
 * uses the draft's trigger config (never cached). `fresh`: read PostgreSQL
 * even if this process knows the flow.
 */
export async function findHookFlow(token: string, forTest: boolean, fresh = false): Promise<HookFlow | null> {
  // Tokens are base64url; anything else cannot exist, so it costs no query.
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
  const hit = fresh || forTest ? undefined : cache.get(token);
  const cached = !!hit && Date.now() - hit.at < CACHE_MS;
  const row = cached ? hit.row : await findRows(token);
  if (!row) {
    cache.delete(token);
    return null;
  }
  if (!cached) {
    cache.delete(token);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(token, { row, at: Date.now() });
  }
  const useDraft = forTest || row.publishedVersion === null;
  return {
    id: row.id,
    cached,
    workspaceId: row.workspaceId,
    status: row.status,
    publishedVersion: row.publishedVersion,
    trigger: asObject(useDraft ? row.draftTrigger : row.liveTrigger),
  };
}
