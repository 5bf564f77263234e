import { storable, storableText } from '../db/storable';
import { DB_NOW, sql, ts } from './engine-sql';

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
  /**
   * Keeps the lease at least this long (a step is about to run). Read as a
   * duration from the transition's `now`: the lease written is PostgreSQL's
   * now() plus that much, whatever this process's clock says.
   */
  leaseUntil?: Date;
  /** Gives the lease up: the run waits for its next job or is finished. */
  release?: boolean;
  jobId?: string;
};

// Transitions of many runs (each run has at most one write in flight) go out
// together: under load one statement carries the step changes of dozens of
// runs, which saves a round trip, a commit and a socket write per run — the
// costs that bound throughput here. Each run's part is still all-or-nothing
// and conditional on its own lease.
const TRANSITIONS = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
    "runId" uuid, token text, now timestamp, release boolean, "leaseMs" int, progress boolean, status text,
    "setError" boolean, error text, "setNext" boolean, "nextAttemptAt" timestamp, "finishedAt" timestamp,
    "jobId" text, steps jsonb)
), lease AS (
  UPDATE run r SET
    "updatedAt" = ${DB_NOW},
    "startedAt" = COALESCE(r."startedAt", i.now),
    "leaseToken" = CASE WHEN i.release THEN NULL ELSE r."leaseToken" END,
    "leaseUntil" = CASE WHEN i.release THEN NULL
                       ELSE GREATEST(r."leaseUntil", ${DB_NOW} + i."leaseMs" * interval '1 millisecond') END,
    status = COALESCE(i.status::"RunStatus", r.status),
    error = CASE WHEN i."setError" THEN i.error ELSE r.error END,
    "nextAttemptAt" = CASE WHEN i."setNext" THEN i."nextAttemptAt" ELSE r."nextAttemptAt" END,
    "finishedAt" = COALESCE(i."finishedAt", r."finishedAt"),
    "jobId" = COALESCE(i."jobId", r."jobId"),
    -- A step outcome: the run's worker is alive, the crash-loop count starts over.
    interruptions = CASE WHEN i.progress THEN 0 ELSE r.interruptions END
  FROM input i
  -- ANY keeps the plan on the primary key whatever the planner guesses of the input's size.
  WHERE r.id = ANY($2::uuid[]) AND r.id = i."runId" AND r."leaseToken" = i.token
  RETURNING r.id, i.token
), written AS (
  INSERT INTO step_run AS s (id, "runId", "nodeId", type, status, attempts, input, output, error, "nextAttemptAt", "startedAt", "finishedAt")
  SELECT x.id, l.id, x."nodeId", x.type, x.status::"StepStatus", x.attempts, x.input, x.output, x.error,
         x."nextAttemptAt", x."startedAt", x."finishedAt"
  FROM lease l JOIN input i ON i."runId" = l.id AND i.token = l.token
  CROSS JOIN LATERAL jsonb_to_recordset(i.steps) AS x(
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
  RETURNING s."runId", s."nodeId"
)
SELECT (SELECT coalesce(array_agg(id::text || ' ' || token), '{}') FROM lease) AS leased,
       (SELECT coalesce(array_agg("runId"::text || ' ' || "nodeId"), '{}') FROM written) AS written`;

export type TransitionResult = { leased: boolean; written: Set<string> };

/** Step statuses that record an outcome (reset the run's crash-loop count). */
export const OUTCOMES: ReadonlySet<StepStatus> = new Set(['succeeded', 'failed', 'skipped', 'retrying']);

type Pending = {
  item: Record<string, unknown>;
  runId: string;
  token: string;
  resolve: (r: TransitionResult) => void;
  reject: (e: unknown) => void;
  /** Sent again with its JSON values replaced by a note, after PostgreSQL refused them. */
  degraded?: boolean;
};

const MAX_BATCH = 200;
const pending: Pending[] = [];
let scheduled = false;

/** Applies step row changes and run changes atomically, if this job still holds the lease. */
export function writeTransition(
  runId: string,
  token: string,
  steps: StepRow[],
  run: RunChange,
  now = new Date(),
): Promise<TransitionResult> {
  const item = {
    runId,
    token,
    now: ts(now),
    release: run.release ?? false,
    leaseMs: run.leaseUntil ? Math.max(0, Math.ceil(run.leaseUntil.getTime() - now.getTime())) : 0,
    progress: steps.some((s) => OUTCOMES.has(s.status)),
    status: run.status ?? null,
    setError: run.error !== undefined,
    error: run.error ? storableText(run.error) : null,
    setNext: run.nextAttemptAt !== undefined,
    nextAttemptAt: run.nextAttemptAt ? ts(run.nextAttemptAt) : null,
    finishedAt: run.finishedAt ? ts(run.finishedAt) : null,
    jobId: run.jobId ?? null,
    steps: steps.map((s) => ({
      id: s.id,
      nodeId: s.nodeId,
      type: s.type,
      status: s.status,
      attempts: s.attempts,
      // Whatever a target answered or a template made, PostgreSQL can hold it (cleaned or cut, with a note).
      input: s.input === undefined ? null : storable(s.input),
      output: s.output === undefined ? null : storable(s.output),
      error: s.error === null ? null : storableText(s.error),
      nextAttemptAt: s.nextAttemptAt && ts(s.nextAttemptAt),
      startedAt: s.startedAt && ts(s.startedAt),
      finishedAt: s.finishedAt && ts(s.finishedAt),
    })),
  };
  return new Promise((resolve, reject) => {
    pending.push({ item, runId, token, resolve, reject });
    if (pending.length >= MAX_BATCH) flush();
    else if (!scheduled) {
      scheduled = true;
      // Everything that became ready in this turn of the event loop goes together.
      setImmediate(flush);
    }
  });
}

function flush() {
  scheduled = false;
  if (!pending.length) return;
  const batch = pending.splice(0, MAX_BATCH);
  if (pending.length && !scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
  send(batch);
}

function send(batch: Pending[]) {
  let text: string;
  try {
    text = JSON.stringify(batch.map((p) => p.item));
  } catch (err) {
    // Never thrown out of a timer (that would take the process down): fail the writes instead.
    return failed(batch, err, true);
  }
  sql<{ leased: string[]; written: string[] }>(TRANSITIONS, [text, batch.map((p) => p.runId)], 'run-transitions')
    .then(([res]) => {
      const leased = new Set(res!.leased);
      const written = new Map<string, Set<string>>();
      for (const w of res!.written) {
        const at = w.indexOf(' ');
        const runId = w.slice(0, at);
        if (!written.has(runId)) written.set(runId, new Set());
        written.get(runId)!.add(w.slice(at + 1));
      }
      // A job that lost its lease may share a batch with the one that took it over: match on the token.
      for (const p of batch) {
        const ok = leased.has(`${p.runId} ${p.token}`);
        p.resolve({ leased: ok, written: ok ? (written.get(p.runId) ?? new Set()) : new Set() });
      }
    })
    .catch((err) => failed(batch, err));
}

function failed(batch: Pending[], err: unknown, unserialisable = false) {
  if (!unserialisable && isConnectionError(err)) for (const p of batch) p.reject(err);
  // One run's bad data must not fail the others: retry them one by one.
  else if (batch.length > 1) for (const p of batch) send([p]);
  // PostgreSQL refused the data itself: the outcome must count all the same
  // (else the step runs again), so the values go as a note of why they are missing.
  else if ((unserialisable || isDataError(err)) && !batch[0]!.degraded) send([degrade(batch[0]!, err)]);
  else batch[0]!.reject(err);
}

function degrade(p: Pending, err: unknown): Pending {
  const why = storableText(`could not be stored: ${(err as Error)?.message ?? String(err)}`, 500);
  const note = { _storage: { cleaned: false, truncated: true, note: `The value ${why}` } };
  const steps = (p.item.steps as Record<string, unknown>[]).map((s) => ({
    ...s,
    input: s.input === null ? null : note,
    output: s.output === null ? null : note,
  }));
  return { ...p, item: { ...p.item, steps }, degraded: true };
}

/** Data exceptions (22: bad characters, invalid JSON) and program limits (54: too big, too deep). */
const isDataError = (err: unknown) => /^(22|54)/.test((err as { code?: string })?.code ?? '');
const isConnectionError = (err: unknown) =>
  !(err as { code?: string })?.code || /^(08|57P)/.test((err as { code: string }).code);

/** Best effort: gives a lease back after an error so the next job need not wait for it to expire. */
export async function releaseLease(runId: string, token: string): Promise<void> {
  await sql(`UPDATE run SET "leaseToken" = NULL, "leaseUntil" = NULL WHERE id = $1::uuid AND "leaseToken" = $2`, [
    runId,
    token,
  ]).catch(() => {});
}
