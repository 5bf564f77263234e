import type { FlowNode } from '../flows/graph';
import { stepDefinition } from '../integrations/registry';
import { controlSteps } from '../integrations/registry.server';
import type { TemplateContext, TriggerData } from '../templates/render-config';
import { CRASH_LIMIT, crashMessage } from './crash-guard';
import type { FlowPlan } from './flow-plan';
import { maxAttempts, stepTimeoutMs } from './retry-policy';
import type { RunChange, StepRow } from './run-writes';
import { decideControl, prepareStep } from './step-input';

// The engine's rules, as one pure function: given what a job knows of its run
// (the plan, each step's row, what it has in flight) and the time, what
// happens now — which step rows to write, which steps to start once that write
// has committed, how the run's row changes, and when its next job comes. No
// I/O here; run-execution.ts loads the state, calls decide() and performs the
// decision (one SQL statement, the steps, the next job, alerts, metrics, logs).
//
// The rules. Steps whose parents have all succeeded start at once (parallel
// branches run side by side). A step that fails for good (config, template, a
// 4xx, retries used up, the crash-loop guard) or ends skipped (a send cap)
// skips only its descendants, as does a control step whose decision lets a
// child not run (a filter that did not pass): every other branch runs to its
// end, and the run is `failed` once nothing more can run if any step failed. A
// step's side effect starts only after the write that marks it `running` (with
// its attempt counted) has committed; a local step (one idempotent write to our
// own database) starts without that write, and its outcome goes out with the
// next one. When nothing is left in flight the run is finished, or it waits
// for a timer (retry backoff, a control step's wait) as a delayed job, holding
// no worker slot; a draining worker starts nothing and hands the run back.

export const TERMINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'skipped']);
/** A step's lease lasts its timeout plus this, so a live worker always writes the outcome in time. */
export const LEASE_GRACE_MS = 5_000;
/** Timers firing this early still count as due. */
export const DUE_TOLERANCE_MS = 25;

/** The run's row: as the job took it, or as it last wrote it. */
export type RunRow = { status: string; nextAttemptAt: Date | null; leaseUntil: Date };

export type EngineState = {
  plan: FlowPlan;
  trigger: TriggerData;
  /** Each step's row as this job knows it (absent: not started yet). */
  steps: ReadonlyMap<string, StepRow>;
  /** Step outcomes that came in since the last decision; written with this one. */
  changed: readonly StepRow[];
  /** Steps this job is executing now. */
  inflight: ReadonlySet<string>;
  /** The run as this job took it: a job that finds nothing due leaves it as it was. */
  taken: { status: string; nextAttemptAt: Date | null };
  /** The run's row as this job last wrote it. */
  written: RunRow;
  /** Takeovers in a row from a dead worker (crash-guard.ts); at CRASH_LIMIT nothing starts. */
  interruptions: number;
  /** The steps the crash guard fails (those in flight when the workers died). */
  blamed: ReadonlySet<string>;
  /** The worker is shutting down: start nothing, hand the run back. */
  draining: boolean;
  /** Ids for new step rows and for the run's next job (tests pass counters). */
  ids: { step: () => string; job: () => string };
};

/** A step to start once the write committed; a local one starts at once, its row unwritten. */
export type Claim = { node: FlowNode; row: StepRow; config: unknown; local: boolean };
/** The run's next job, `delayMs` from now: a hand-back, a retry's backoff, a control step's wait. */
export type Timer = { jobId: string; delayMs: number };

export type Decision = {
  /** The step rows after this decision (the next state). */
  steps: Map<string, StepRow>;
  blamed: Set<string>;
  /** Step rows to write, in one statement with `runChange`. */
  writes: StepRow[];
  claims: Claim[];
  runChange: RunChange;
  /** False when the statement would change nothing (local steps started under a long enough lease). */
  write: boolean;
  /** At most one: the run's next job, enqueued after the write (its id is in `runChange`). */
  timers: Timer[];
};

type Gate = 'ready' | 'blocked' | 'skip';

export const isPoisoned = (s: Pick<EngineState, 'interruptions'>) => s.interruptions >= CRASH_LIMIT;

/** The steps the crash guard blames when a job starts: those running code when the workers died. */
export function blamedAtStart(steps: Iterable<StepRow>, interruptions: number): Set<string> {
  const blamed = new Set<string>();
  if (interruptions < CRASH_LIMIT) return blamed;
  // A control step waiting on its timer runs no code that could have killed the worker.
  for (const s of steps) if (s.status === 'running' && !controlSteps[s.type]) blamed.add(s.nodeId);
  return blamed;
}

export function decide(state: EngineState, now: Date): Decision {
  const { plan } = state;
  const steps = new Map(state.steps);
  for (const r of state.changed) steps.set(r.nodeId, r);
  const inflight = new Set(state.inflight);
  const blamed = new Set(state.blamed);
  const poisoned = isPoisoned(state);
  const writes = new Map(state.changed.map((r) => [r.nodeId, r]));
  const claims: Claim[] = [];
  let waitUntil: Date | null = null;
  let handback = false;
  const earliest = (d: Date) => (waitUntil = !waitUntil || d < waitUntil ? d : waitUntil);
  const due = (at: Date | null) => !at || at.getTime() <= now.getTime() + DUE_TOLERANCE_MS;

  const row = (node: FlowNode, patch: Partial<StepRow>): StepRow => {
    const next = stepRow(steps.get(node.id), node, patch, state.ids.step);
    steps.set(node.id, next);
    return next;
  };
  const context = (): TemplateContext => {
    const out: Record<string, unknown> = { [plan.trigger.id]: state.trigger };
    for (const s of steps.values()) if (s.status === 'succeeded') out[s.nodeId] = s.output;
    return { trigger: state.trigger, steps: out };
  };
  /** `skip`: a parent failed, was skipped, or is a control step that does not let it run; it can never run. */
  const gate = (nodeId: string): Gate => {
    let ready = true;
    for (const p of plan.parents.get(nodeId) ?? []) {
      if (p === plan.trigger.id) continue;
      const ps = steps.get(p);
      if (ps?.status === 'skipped' || ps?.status === 'failed') return 'skip';
      if (ps?.status === 'succeeded') {
        const lets = controlSteps[ps.type]?.lets;
        if (lets && !lets(ps.output, nodeId)) return 'skip';
        continue;
      }
      ready = false;
    }
    return ready ? 'ready' : 'blocked';
  };
  const skip = (node: FlowNode, s: StepRow | undefined) =>
    writes.set(
      node.id,
      row(node, { status: 'skipped', attempts: s?.attempts ?? 0, error: s?.error ?? null, finishedAt: now }),
    );
  const fail = (node: FlowNode, patch: Partial<StepRow>) =>
    writes.set(node.id, row(node, { status: 'failed', finishedAt: now, ...patch }));

  for (let progress = true; progress;) {
    progress = false;
    waitUntil = null;
    handback = false;
    for (const node of plan.order) {
      const s = steps.get(node.id);
      if ((s && TERMINAL.has(s.status)) || inflight.has(node.id)) continue;
      const g = gate(node.id);
      if (g === 'skip') {
        skip(node, s);
        progress = true;
        continue;
      }
      if (poisoned && g === 'ready') {
        // Started again after each of the last CRASH_LIMIT deaths of its worker:
        // failed, never started again (crash-guard.ts). This job starts nothing
        // else; the next one (the outcome resets the count) runs the other branches.
        if (!blamed.size || blamed.has(node.id)) {
          blamed.add(node.id);
          fail(node, {
            attempts: s?.attempts ?? 0,
            error: crashMessage(state.interruptions),
            startedAt: s?.startedAt ?? now,
          });
          progress = true;
        } else handback = true;
        continue;
      }
      if (g !== 'ready') continue;

      if (controlSteps[node.type]) {
        // A control step's decision is taken here, with no side effect, and written
        // with the transition: `done` ends it (its `lets` gates the children); `wait`
        // keeps it running until its timer and asks again (`resumed`) when that comes due.
        const resumed = !!s && s.status !== 'pending';
        if (resumed && !due(s.nextAttemptAt)) {
          earliest(s.nextAttemptAt!);
          continue;
        }
        const base = { attempts: s?.attempts || 1, startedAt: s?.startedAt ?? now };
        let decided;
        try {
          decided = decideControl(plan, node, context(), { now, resumed });
        } catch (err) {
          fail(node, { attempts: (s?.attempts ?? 0) + 1, error: (err as Error).message, startedAt: now });
          progress = true;
          continue;
        }
        const input = resumed ? undefined : decided.input;
        const { decision } = decided;
        if (decision.outcome === 'wait') {
          writes.set(node.id, row(node, { ...base, status: 'running', input, nextAttemptAt: decision.until }));
          earliest(decision.until);
        } else {
          writes.set(
            node.id,
            row(node, { ...base, status: 'succeeded', input, output: decision.output, finishedAt: now }),
          );
          progress = true;
        }
        continue;
      }
      if (s?.status === 'retrying' && !due(s.nextAttemptAt)) {
        earliest(s.nextAttemptAt!);
        continue;
      }
      if (state.draining) {
        handback = true;
        continue;
      }
      const attempts = s?.attempts ?? 0;
      if (attempts >= maxAttempts(node)) {
        // Only reachable when a worker died during the last allowed try.
        fail(node, { attempts, error: s?.error ?? `The step was interrupted on each of its ${attempts} tries` });
        progress = true;
        continue;
      }
      let prepared;
      try {
        prepared = prepareStep(plan, node, context());
      } catch (err) {
        fail(node, { attempts: attempts + 1, error: (err as Error).message, startedAt: now });
        progress = true;
        continue;
      }
      const claimed = row(node, { status: 'running', attempts: attempts + 1, input: prepared.input, startedAt: now });
      const local = stepDefinition(node.type)?.local === true;
      if (!local) writes.set(node.id, claimed);
      inflight.add(node.id);
      claims.push({ node, row: claimed, config: prepared.config, local });
    }
  }

  const timers: Timer[] = [];
  let runChange: RunChange;
  if (inflight.size > 0) {
    // A local step needs no longer lease: were it taken over, doing it again is harmless.
    const leaseUntil = new Date(
      Math.max(
        now.getTime(),
        ...claims.filter((c) => !c.local).map((c) => now.getTime() + stepTimeoutMs(c.node) + LEASE_GRACE_MS),
      ),
    );
    runChange = { status: 'running', nextAttemptAt: waitUntil, leaseUntil };
  } else if (handback) {
    // A failed step does not end the run while another branch can still run (or waits for a timer).
    const timer = { jobId: state.ids.job(), delayMs: 0 };
    timers.push(timer);
    runChange = { status: 'queued', nextAttemptAt: null, release: true, jobId: timer.jobId };
  } else if (waitUntil) {
    const until: Date = waitUntil;
    if (state.taken.status === 'waiting' && state.taken.nextAttemptAt?.getTime() === until.getTime() && !writes.size) {
      // Nothing came due (an early or duplicate job): leave the pending job in place.
      runChange = { release: true };
    } else {
      const timer = { jobId: state.ids.job(), delayMs: Math.max(0, until.getTime() - now.getTime()) };
      timers.push(timer);
      runChange = { status: 'waiting', nextAttemptAt: until, release: true, jobId: timer.jobId };
    }
  } else {
    // Finished: whatever did not run will not run.
    const failed = plan.order.map((n) => steps.get(n.id)).find((s) => s?.status === 'failed');
    for (const node of plan.order) {
      const s = steps.get(node.id);
      if (!s || !TERMINAL.has(s.status)) skip(node, s);
    }
    const node = failed && plan.nodes.get(failed.nodeId);
    runChange = {
      status: failed ? 'failed' : 'succeeded',
      error: failed && node ? `Step "${node.label ?? node.id}" failed: ${failed.error}` : null,
      nextAttemptAt: null,
      finishedAt: now,
      release: true,
    };
  }
  const rows = [...writes.values()];
  return {
    steps,
    blamed,
    writes: rows,
    claims,
    runChange,
    write: rows.length > 0 || changesRun(state.written, runChange),
    timers,
  };
}

/** A step's next row: `patch` over a fresh one that keeps the previous row's id, attempts and start. */
export function stepRow(
  prev: StepRow | undefined,
  node: Pick<FlowNode, 'id' | 'type'>,
  patch: Partial<StepRow>,
  newId: () => string,
): StepRow {
  return {
    id: prev?.id ?? newId(),
    nodeId: node.id,
    type: node.type,
    status: 'pending',
    attempts: prev?.attempts ?? 0,
    output: null,
    error: null,
    nextAttemptAt: null,
    startedAt: prev?.startedAt ?? null,
    finishedAt: null,
    ...patch,
  };
}

/** Whether writing `change` would change the run's row (beyond its updatedAt). */
export function changesRun(run: RunRow, change: RunChange): boolean {
  return (
    !!change.release ||
    (change.status !== undefined && change.status !== run.status) ||
    change.error !== undefined ||
    (change.nextAttemptAt !== undefined && change.nextAttemptAt?.getTime() !== run.nextAttemptAt?.getTime()) ||
    change.finishedAt !== undefined ||
    change.jobId !== undefined ||
    (change.leaseUntil !== undefined && change.leaseUntil > run.leaseUntil)
  );
}

/** The run's row once `change` has been written. */
export function afterWrite(run: RunRow, change: RunChange): RunRow {
  return {
    status: change.status ?? run.status,
    nextAttemptAt: change.nextAttemptAt !== undefined ? change.nextAttemptAt : run.nextAttemptAt,
    leaseUntil: change.leaseUntil && change.leaseUntil > run.leaseUntil ? change.leaseUntil : run.leaseUntil,
  };
}
