import { ingestPool } from './ingest-pool';

// Token → flow, straight from PostgreSQL on every request: publishing,
// pausing, rotating and deleting take effect at once on every web instance
// without any cache to invalidate. One indexed lookup; only the trigger's
// config travels back, not the whole graph.

export type HookFlow = {
  id: string;
  workspaceId: string;
  status: 'draft' | 'live' | 'paused';
  publishedVersion: number | null;
  /** The trigger config that applies: the published one, or the draft's for test events. */
  trigger: Record<string, unknown> | null;
};

const TRIGGER_PATH = '$.nodes[*] ? (@.type == "trigger.webhook").config';

const lookup = {
  name: 'ingest_find_flow',
  text: `SELECT f.id, f."workspaceId" AS "workspaceId", f.status::text AS status, f."publishedVersion" AS "publishedVersion",
           jsonb_path_query_first(CASE WHEN $2::boolean OR v.graph IS NULL THEN f."draftGraph" ELSE v.graph END, '${TRIGGER_PATH}') AS trigger
         FROM flow f
         LEFT JOIN flow_version v ON v."flowId" = f.id AND v.version = f."publishedVersion"
         WHERE f.token = $1`,
};

/** The flow a webhook token belongs to, or null. `forTest`: the test URL, which uses the draft's trigger config. */
export async function findHookFlow(token: string, forTest: boolean): Promise<HookFlow | null> {
  // Tokens are base64url; anything else cannot exist, so it costs no query.
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
  const { rows } = await ingestPool().query<HookFlow>({ ...lookup, values: [token, forTest] });
  const row = rows[0];
  if (!row) return null;
  return { ...row, trigger: row.trigger && typeof row.trigger === 'object' ? row.trigger : null };
}
