import { randomBytes } from 'node:crypto';
import { withFields } from '../integrations/webhook/sources';
import type { TriggerData } from '../templates/render-config';
import { DB_NOW, dbNowPlus, sql, ts } from './engine-sql';
import { cachedPlan, rememberPlan, type FlowPlan } from './flow-plan';
import type { StepRow } from './run-writes';
import { uuid7 } from '../db/uuid7';

// Taking a run to drive it: one statement creates (for an event) or leases
// (for an existing run) the run and returns everything the engine needs.

/** How long a freshly taken lease lasts before a step extends it. */
export const BASE_LEASE_MS = 15_000;

export type LeasedRun = {
  id: string;
  token: string;
  workspaceId: string;
  flowId: string;
  eventId: string;
  flowVersionId: string;
  /** State when taken: lets a job that finds nothing due leave things as they were. */
  status: string;
  nextAttemptAt: Date | null;
  /**
   * Until when this job holds the lease, by this process's clock (the lease
   * written is PostgreSQL's now() + BASE_LEASE_MS; only durations cross over).
   */
  leaseUntil: Date;
  /** Takeovers in a row from a worker that died while driving it (crash-guard.ts). */
  interruptions: number;
  plan: FlowPlan;
  trigger: TriggerData;
  steps: StepRow[];
};

type Row = {
  id: string;
  status: string;
  interruptions: number;
  nextAttemptAt: Date | null;
  workspaceId: string;
  flowId: string;
  eventId: string;
  flowVersionId: string;
  method: string | null;
  headers: unknown;
  query: unknown;
  body: unknown;
  receivedAt: Date;
  steps: RawStep[] | null;
};
type RawStep = Omit<StepRow, 'nextAttemptAt' | 'startedAt' | 'finishedAt'> & {
  nextAttemptAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

const newToken = () => randomBytes(12).toString('base64url');
const utc = (s: string | null) => (s ? new Date(s.endsWith('Z') ? s : `${s}Z`) : null);

// The graph is not among them: it is loaded once per version (loadPlans).
const EVENT_COLUMNS = `e.method, e.headers, e.query, e.body, e."receivedAt"`;
const STEPS_COLUMN = `
  (SELECT jsonb_agg(jsonb_build_object('id', s.id, 'nodeId', s."nodeId", 'type', s.type, 'status', s.status,
      'attempts', s.attempts, 'output', s.output, 'error', s.error, 'nextAttemptAt', s."nextAttemptAt",
      'startedAt', s."startedAt", 'finishedAt', s."finishedAt"))
     FROM step_run s WHERE s."runId" = r.id) AS steps`;

/**
 * Creates the run of an accepted event with the flow's latest published
 * version, or returns null when it exists already (the job came twice) or the
 * event is not runnable. The originKey unique index makes this exactly-once.
 * Calls made in the same turn of the event loop share one statement.
 */
export function createRunForEvent(eventId: string): Promise<LeasedRun | null> {
  return new Promise((resolve, reject) => {
    creates.push({ eventId, resolve, reject });
    if (!createScheduled) {
      createScheduled = true;
      setImmediate(flushCreates);
    }
  });
}

type PendingCreate = { eventId: string; resolve: (r: LeasedRun | null) => void; reject: (e: unknown) => void };
let creates: PendingCreate[] = [];
let createScheduled = false;

function flushCreates() {
  createScheduled = false;
  const batch = creates;
  creates = [];
  const now = new Date();
  const tokens = batch.map(() => newToken());
  const leaseUntil = new Date(now.getTime() + BASE_LEASE_MS);
  sql<Row & { originKey: string; leaseToken: string }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS i("eventId", "runId", token)
     ), src AS (
       SELECT i."runId", i.token, e.id AS "eventId", e."workspaceId", e."flowId", v.id AS "flowVersionId"
       FROM input i
       -- Fenced (OFFSET 0) lookups by primary key: the plan stays index-driven
       -- even while the tables are too young to have statistics.
       CROSS JOIN LATERAL (SELECT e.id, e."workspaceId", e."flowId" FROM event e
                           WHERE e.id = i."eventId" AND e.status = 'accepted' OFFSET 0) e
       CROSS JOIN LATERAL (SELECT v.id FROM flow f JOIN flow_version v ON v."flowId" = f.id AND v.version = f."publishedVersion"
                           WHERE f.id = e."flowId" OFFSET 0) v
     ), r AS (
       INSERT INTO run (id, "workspaceId", "flowId", "eventId", "flowVersionId", status, "originKey",
                        "leaseToken", "leaseUntil", "jobId", "createdAt", "startedAt", "updatedAt")
       SELECT "runId", "workspaceId", "flowId", "eventId", "flowVersionId", 'running', "eventId"::text, token,
              ${dbNowPlus('$4')}, "eventId"::text, $5::timestamp, $5::timestamp, $5::timestamp
       FROM src
       ON CONFLICT ("originKey") DO NOTHING
       RETURNING id, "workspaceId", "flowId", "eventId", "flowVersionId", status::text, "nextAttemptAt", "originKey", "leaseToken",
                 interruptions
     ), settled AS (
       -- The event has its run: the outbox sweeper (sweep-events.ts) need not look at it again.
       -- (= ANY keeps this on the primary key, whatever the planner guesses of a young table.)
       UPDATE event SET "queuedAt" = $5::timestamp WHERE id = ANY(ARRAY(SELECT "eventId" FROM r))
     )
     SELECT r.*, ${EVENT_COLUMNS}, NULL::jsonb AS steps
     FROM r CROSS JOIN LATERAL (SELECT * FROM event e WHERE e.id = r."eventId" OFFSET 0) e`,
    [batch.map((b) => b.eventId), batch.map(() => uuid7(now.getTime())), tokens, BASE_LEASE_MS, ts(now)],
    'run-create',
  )
    .then(async (rows) => {
      await loadPlans(rows);
      const byToken = new Map(rows.map((r) => [r.leaseToken, r]));
      batch.forEach((b, i) => {
        const row = byToken.get(tokens[i]!);
        try {
          b.resolve(row ? toLeased(row, tokens[i]!, leaseUntil) : null);
        } catch (err) {
          b.reject(err);
        }
      });
    })
    .catch((err) => {
      for (const b of batch) b.reject(err);
    });
}

export async function findRunForEvent(eventId: string): Promise<string | null> {
  const rows = await sql<{ id: string }>(`SELECT id FROM run WHERE "originKey" = $1`, [eventId]);
  return rows[0]?.id ?? null;
}

/** `busyUntil` is the lease as written (PostgreSQL's clock); `busyForMs` how long it still runs. */
export type AcquireResult = { run: LeasedRun } | { busyUntil: Date; busyForMs: number } | { finished: true };

/** Leases an unfinished run that nobody else holds (expiry judged by PostgreSQL's clock). */
export async function acquireRun(runId: string): Promise<AcquireResult> {
  const now = new Date();
  const token = newToken();
  const leaseUntil = new Date(now.getTime() + BASE_LEASE_MS);
  const rows = await sql<Row>(
    `WITH r AS (
       UPDATE run SET "leaseToken" = $2, "leaseUntil" = ${dbNowPlus('$3')}, "updatedAt" = ${DB_NOW},
         -- A lease still set here ran out without being given back: its job's worker died (crash-guard.ts).
         interruptions = interruptions + CASE WHEN "leaseToken" IS NOT NULL THEN 1 ELSE 0 END
       WHERE id = $1::uuid AND status IN ('queued', 'running', 'waiting')
         AND ("leaseToken" IS NULL OR "leaseUntil" IS NULL OR "leaseUntil" < ${DB_NOW})
       RETURNING id, "workspaceId", "flowId", "eventId", "flowVersionId", status::text, "nextAttemptAt", interruptions
     )
     SELECT r.*, ${EVENT_COLUMNS}, ${STEPS_COLUMN}
     FROM r JOIN event e ON e.id = r."eventId"`,
    [runId, token, BASE_LEASE_MS],
    'run-acquire',
  );
  if (rows[0]) {
    await loadPlans(rows);
    return { run: toLeased(rows[0], token, leaseUntil) };
  }
  const [state] = await sql<{ status: string; leaseUntil: Date | null; leftMs: number | null }>(
    `SELECT status::text, "leaseUntil",
            GREATEST(0, EXTRACT(EPOCH FROM ("leaseUntil" - ${DB_NOW})) * 1000)::float8 AS "leftMs"
     FROM run WHERE id = $1::uuid`,
    [runId],
  );
  if (!state || !['queued', 'running', 'waiting'].includes(state.status)) return { finished: true };
  return { busyUntil: state.leaseUntil ?? now, busyForMs: Math.ceil(state.leftMs ?? 0) };
}

/** Reads the graphs of versions this process has no plan for yet (a few kB each, once per version). */
async function loadPlans(rows: { flowVersionId: string }[]): Promise<void> {
  const missing = [...new Set(rows.map((r) => r.flowVersionId))].filter((id) => !cachedPlan(id));
  if (!missing.length) return;
  const graphs = await sql<{ id: string; graph: unknown }>(
    `SELECT id::text, graph FROM flow_version WHERE id = ANY($1::uuid[])`,
    [missing],
  );
  for (const g of graphs) rememberPlan(g.id, g.graph);
}

function toLeased(row: Row, token: string, leaseUntil: Date): LeasedRun {
  const plan = cachedPlan(row.flowVersionId);
  if (!plan) throw new Error(`The flow version ${row.flowVersionId} of run ${row.id} was not found`);
  return {
    id: row.id,
    token,
    workspaceId: row.workspaceId,
    flowId: row.flowId,
    eventId: row.eventId,
    flowVersionId: row.flowVersionId,
    status: row.status,
    nextAttemptAt: row.nextAttemptAt,
    leaseUntil,
    interruptions: row.interruptions ?? 0,
    plan,
    trigger: withFields(plan.trigger.config, {
      body: row.body ?? null,
      query: row.query ?? {},
      headers: row.headers ?? {},
      method: row.method,
      receivedAt: new Date(row.receivedAt).toISOString(),
    }),
    steps: (row.steps ?? []).map((s) => ({
      ...s,
      nextAttemptAt: utc(s.nextAttemptAt),
      startedAt: utc(s.startedAt),
      finishedAt: utc(s.finishedAt),
    })),
  };
}
