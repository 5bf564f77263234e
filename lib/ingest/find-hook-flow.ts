import { createBatcher } from '../db/batcher';
import { ingestPool } from './ingest-pool';

// Token → flow, straight from PostgreSQL on every request: publishing,
// pausing, rotating and deleting take effect at once on every web instance
// without any cache to invalidate. Lookups arriving together share one
// indexed query (batcher.ts); only the trigger's config travels back, not the
// whole graph.

export type HookFlow = {
  id: string;
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

const asObject = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** The flow a webhook token belongs to, or null. `forTest`: the test URL, which uses the draft's trigger config. */
export async function findHookFlow(token: string, forTest: boolean): Promise<HookFlow | null> {
  // Tokens are base64url; anything else cannot exist, so it costs no query.
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
  const row = await findRows(token);
  if (!row) return null;
  const useDraft = forTest || row.publishedVersion === null;
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    status: row.status,
    publishedVersion: row.publishedVersion,
    trigger: asObject(useDraft ? row.draftTrigger : row.liveTrigger),
  };
}
