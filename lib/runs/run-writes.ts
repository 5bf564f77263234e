import { sql, ts } from './engine-sql';

// The engine's writes. Every change to a run is one statement that first
// checks (and row-locks) the run's lease, so a job that lost its lease cannot
// write anything, and a step row that reached `succeeded` is never changed.

export type StepStatus = 'pending' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'skipped';
export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'canceled';

export type StepRow = {
  id: string;
  nodeId: string;
  type: string;
  status: StepStatus;
  attempts: number;
  input?: unknown;
  output: unknown;
  error: string | null;
  nextAttemptAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export type RunChange = {
  status?: RunStatus;
  /** `undefined` leaves it; `null` clears it. */
  error?: string | null;
  nextAttemptAt?: Date | null;
  finishedAt?: Date;
  /** Keeps the lease at least this long (a step is about to run). */
  leaseUntil?: Date;
  /** Gives the lease up: the run waits for its next job or is finished. */
  release?: boolean;
  jobId?: string;
};

const TRANSITION = `
WITH lease AS (
  UPDATE run SET
    "updatedAt" = $3::timestamp,
    "startedAt" = COALESCE("startedAt", $3::timestamp),
    "leaseToken" = CASE WHEN $4::boolean THEN NULL ELSE "leaseToken" END,
    "leaseUntil" = CASE WHEN $4::boolean THEN NULL ELSE GREATEST("leaseUntil", $5::timestamp) END,
    status = COALESCE($6::"RunStatus", status),
    error = CASE WHEN $7::boolean THEN $8 ELSE error END,
    "nextAttemptAt" = CASE WHEN $9::boolean THEN $10::timestamp ELSE "nextAttemptAt" END,
    "finishedAt" = COALESCE($11::timestamp, "finishedAt"),
    "jobId" = COALESCE($12, "jobId")
  WHERE id = $1::uuid AND "leaseToken" = $2
  RETURNING id
), written AS (
  INSERT INTO step_run AS s (id, "runId", "nodeId", type, status, attempts, input, output, error, "nextAttemptAt", "startedAt", "finishedAt")
  SELECT x.id, lease.id, x."nodeId", x.type, x.status::"StepStatus", x.attempts, x.input, x.output, x.error,
         x."nextAttemptAt", x."startedAt", x."finishedAt"
  FROM lease CROSS JOIN jsonb_to_recordset($13::jsonb) AS x(
    id uuid, "nodeId" text, type text, status text, attempts int, input jsonb, output jsonb, error text,
    "nextAttemptAt" timestamp, "startedAt" timestamp, "finishedAt" timestamp)
  ON CONFLICT ("runId", "nodeId") DO UPDATE SET
    status = EXCLUDED.status,
    attempts = EXCLUDED.attempts,
    input = COALESCE(EXCLUDED.input, s.input),
    output = EXCLUDED.output,
    error = EXCLUDED.error,
    "nextAttemptAt" = EXCLUDED."nextAttemptAt",
    "startedAt" = COALESCE(EXCLUDED."startedAt", s."startedAt"),
    "finishedAt" = EXCLUDED."finishedAt"
  WHERE s.status <> 'succeeded'
  RETURNING s."nodeId"
)
SELECT (SELECT count(*)::int FROM lease) AS leased, (SELECT coalesce(array_agg("nodeId"), '{}') FROM written) AS written`;

export type TransitionResult = { leased: boolean; written: Set<string> };

/** Applies step row changes and run changes atomically, if this job still holds the lease. */
export async function writeTransition(
  runId: string,
  token: string,
  steps: StepRow[],
  run: RunChange,
  now = new Date(),
): Promise<TransitionResult> {
  const rows = steps.map((s) => ({
    id: s.id,
    nodeId: s.nodeId,
    type: s.type,
    status: s.status,
    attempts: s.attempts,
    input: s.input === undefined ? null : s.input,
    output: s.output === undefined ? null : s.output,
    error: s.error,
    nextAttemptAt: s.nextAttemptAt && ts(s.nextAttemptAt),
    startedAt: s.startedAt && ts(s.startedAt),
    finishedAt: s.finishedAt && ts(s.finishedAt),
  }));
  const [res] = await sql<{ leased: number; written: string[] }>(TRANSITION, [
    runId,
    token,
    ts(now),
    run.release ?? false,
    ts(run.leaseUntil ?? now),
    run.status ?? null,
    run.error !== undefined,
    run.error ?? null,
    run.nextAttemptAt !== undefined,
    run.nextAttemptAt ? ts(run.nextAttemptAt) : null,
    run.finishedAt ? ts(run.finishedAt) : null,
    run.jobId ?? null,
    JSON.stringify(rows),
  ]);
  return { leased: res!.leased === 1, written: new Set(res!.written) };
}

/** Best effort: gives a lease back after an error so the next job need not wait for it to expire. */
export async function releaseLease(runId: string, token: string): Promise<void> {
  await sql(`UPDATE run SET "leaseToken" = NULL, "leaseUntil" = NULL WHERE id = $1::uuid AND "leaseToken" = $2`, [runId, token]).catch(
    () => {},
  );
}
