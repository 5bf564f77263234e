import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowNode } from '../flows/graph';
import type { StepOutcome } from './execute-step';
import { blamedAtStart, decide, TERMINAL, type Decision, type EngineState } from './decide';
import { engineState, filter, http, local, plan, T0 } from './engine-fixtures';
import type { FlowPlan } from './flow-plan';
import { OUTCOMES, type StepRow } from './run-writes';
import { stepOutcome } from './step-outcome';

// The engine's rules on random flows: random DAGs of outbound, local and
// filter steps, random outcomes for each try, and random worker deaths and
// drains, driven by decide() the way run-execution.ts drives it, until the run
// finishes. At every decision: no step is claimed while in flight or once
// done, a claimed step's parents all succeeded, a succeeded row is never
// rewritten, a step the engine skips has a parent that failed, was skipped or
// did not let it run; the run is finished exactly when no step can make
// progress, and failed exactly when a step failed.

type Kind = 'ok' | 'skip' | 'fail' | 'retry';
const OUTCOME: Record<Kind, StepOutcome> = {
  ok: { ok: true, output: { done: true } },
  skip: { ok: true, output: null, skipped: true },
  fail: { ok: false, error: 'HTTP 400', retryable: false },
  retry: { ok: false, error: 'HTTP 503', retryable: true },
};

const flowArb = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.record({
    nodes: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          kind: fc.constantFrom('http', 'http', 'local', 'filter-pass', 'filter-stop'),
          parents: fc.subarray(Array.from({ length: i }, (_, j) => j)),
          attempts: fc.integer({ min: 1, max: 3 }),
          script: fc.array(fc.constantFrom<Kind>('ok', 'ok', 'skip', 'fail', 'retry', 'retry'), {
            minLength: 1,
            maxLength: 4,
          }),
        }),
      ),
    ),
    /** Drives the choices: which step finishes next, when a worker dies or drains. */
    choices: fc.array(fc.nat({ max: 99 }), { minLength: 20, maxLength: 60 }),
  }),
);

type Flow = typeof flowArb extends fc.Arbitrary<infer F> ? F : never;

function build(flow: Flow): { p: FlowPlan; scripts: Map<string, Kind[]> } {
  const nodes: FlowNode[] = flow.nodes.map((n, i) => {
    const id = `s${i}`;
    if (n.kind === 'local') return local(id);
    if (n.kind === 'filter-pass') return filter(id, '1');
    if (n.kind === 'filter-stop') return filter(id, '2');
    return http(id, { retry: { attempts: n.attempts, backoffMs: 1_000 } });
  });
  const edges = flow.nodes.flatMap((n, i) => n.parents.map((j) => [`s${j}`, `s${i}`] as [string, string]));
  return { p: plan(nodes, edges), scripts: new Map(flow.nodes.map((n, i) => [`s${i}`, n.script])) };
}

/** Checks one decision against the state it was taken in. */
function check(s: EngineState, d: Decision): void {
  const before = new Map(s.steps);
  for (const r of s.changed) before.set(r.nodeId, r);
  const ids = d.claims.map((c) => c.node.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) {
    expect(s.inflight.has(id)).toBe(false);
    expect(TERMINAL.has(before.get(id)?.status ?? 'pending')).toBe(false);
    for (const p of s.plan.parents.get(id) ?? [])
      if (p !== s.plan.trigger.id) expect(d.steps.get(p)?.status).toBe('succeeded');
  }
  for (const w of d.writes) {
    const was = before.get(w.nodeId);
    if (was?.status === 'succeeded') expect(w).toBe(was);
    if (w.status === 'skipped' && was?.status !== 'skipped' && !s.changed.includes(w)) {
      // Skipped by the engine: some parent failed, was skipped, or did not let it run.
      const parents = (s.plan.parents.get(w.nodeId) ?? []).map((p) => d.steps.get(p));
      const cause = parents.some(
        (p) =>
          p?.status === 'failed' ||
          p?.status === 'skipped' ||
          (p?.type === 'filter' && p.output && !(p.output as { passed: boolean }).passed),
      );
      expect(cause, `${w.nodeId} skipped without cause`).toBe(true);
    }
  }
  for (const [id, row] of d.steps) expect(row.attempts).toBeLessThanOrEqual(s.plan.nodes.get(id)!.retry?.attempts ?? 6);
  const open = s.plan.order.filter((n) => !TERMINAL.has(d.steps.get(n.id)?.status ?? 'pending'));
  if (d.runChange.finishedAt) {
    expect(open).toEqual([]);
    expect(d.claims).toEqual([]);
    const failed = [...d.steps.values()].some((r) => r.status === 'failed');
    expect(d.runChange.status).toBe(failed ? 'failed' : 'succeeded');
  } else {
    // Not finished: something can still make progress (in flight, due later, or handed back).
    expect(open.length).toBeGreaterThan(0);
    const leftAsItWas = d.runChange.release && !d.runChange.status; // an early job: the pending one stays
    const moving = d.claims.length + s.inflight.size + d.timers.length;
    expect(moving > 0 || leftAsItWas).toBe(true);
  }
}

/** Drives a run to its end as the shell does; returns the tries each step made. */
function simulate(flow: Flow): { status: string; tries: Map<string, number> } {
  const { p, scripts } = build(flow);
  const tries = new Map<string, number>();
  let choice = 0;
  const next = () => flow.choices[choice++ % flow.choices.length]!;
  let now = T0.getTime();
  let state = engineState(p, [], {
    taken: { status: 'queued', nextAttemptAt: null },
    written: { status: 'queued', nextAttemptAt: null, leaseUntil: T0 },
  });
  /** The rows as PostgreSQL holds them: a new job after a death starts from these. */
  let durable = new Map<string, StepRow>();
  let runRow = { status: 'queued', nextAttemptAt: null as Date | null };
  for (let i = 0; i < 400; i++) {
    const d = decide(state, new Date(now));
    check(state, d);
    if (d.write) {
      for (const w of d.writes) durable.set(w.nodeId, w);
      if (d.runChange.status) runRow = { status: d.runChange.status, nextAttemptAt: d.runChange.nextAttemptAt ?? null };
      if (d.writes.some((w) => OUTCOMES.has(w.status))) state = { ...state, interruptions: 0 };
    }
    for (const c of d.claims) tries.set(c.node.id, (tries.get(c.node.id) ?? 0) + 1);
    const inflight = new Set([...state.inflight, ...d.claims.map((c) => c.node.id)]);
    state = { ...state, steps: d.steps, blamed: d.blamed, changed: [], inflight };
    if (d.runChange.finishedAt) return { status: d.runChange.status!, tries };
    const roll = next();
    if (d.runChange.release || (roll < 4 && inflight.size > 0)) {
      // The job ends (released: the next job comes at its timer) or its worker dies (its lease runs out).
      const died = !d.runChange.release;
      if (d.timers.length) now += d.timers[0]!.delayMs;
      else if (died) now += 60_000;
      else now = Math.max(now, runRow.nextAttemptAt?.getTime() ?? now);
      const interruptions = died ? state.interruptions + 1 : state.interruptions;
      durable = new Map(durable);
      state = {
        ...state,
        steps: new Map(durable),
        inflight: new Set(),
        taken: runRow,
        written: { ...runRow, leaseUntil: new Date(now + 30_000) },
        interruptions,
        blamed: blamedAtStart(durable.values(), interruptions),
        draining: false,
      };
      continue;
    }
    if (roll < 8) state = { ...state, draining: true };
    // One step in flight finishes, by its script.
    const ids = [...inflight];
    const id = ids[next() % ids.length]!;
    const row = state.steps.get(id)!;
    const node = p.nodes.get(id)!;
    const kind = scripts.get(id)![(row.attempts - 1) % scripts.get(id)!.length]!;
    const out = stepOutcome(node, row, OUTCOME[kind], {
      now: new Date(now),
      policy: { attempts: node.retry?.attempts ?? 6, backoffMs: 1_000 },
      local: node.type === 'crm.upsertContact',
      random: () => 0.5,
    });
    inflight.delete(id);
    state = { ...state, changed: [out.row], inflight };
  }
  throw new Error('the run did not finish in 400 decisions');
}

const statusArb = fc.constantFrom(
  'none',
  'pending',
  'running',
  'retrying-due',
  'retrying-later',
  'succeeded',
  'failed',
  'skipped',
);

describe('decide on random flows', () => {
  it('from any state a job can find (any statuses, in flight, draining, crash count), one decision keeps the invariants', () => {
    fc.assert(
      fc.property(
        flowArb,
        fc.array(statusArb, { minLength: 7, maxLength: 7 }),
        fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 4 }),
        (flow, statuses, flying, draining, interruptions) => {
          const { p } = build(flow);
          const rows: StepRow[] = [];
          p.order.forEach((n, i) => {
            const st = statuses[i]!;
            if (st === 'none') return;
            const status = st.startsWith('retrying') ? 'retrying' : (st as StepRow['status']);
            const nextAttemptAt =
              st === 'retrying-later' ? new Date(T0.getTime() + 60_000) : st === 'retrying-due' ? T0 : null;
            rows.push({
              id: `row-${n.id}`,
              nodeId: n.id,
              type: n.type,
              status,
              attempts: status === 'pending' ? 0 : 1,
              output: status === 'succeeded' ? (n.type === 'filter' ? { passed: true } : { ok: true }) : null,
              error: status === 'failed' ? 'boom' : null,
              nextAttemptAt,
              startedAt: status === 'pending' ? null : T0,
              finishedAt: TERMINAL.has(status) ? T0 : null,
            });
          });
          // Only a running row can be in flight in this job.
          const inflight = new Set(
            rows.filter((r, i) => r.status === 'running' && flying[i] && interruptions === 0).map((r) => r.nodeId),
          );
          const s = engineState(p, rows, {
            inflight,
            draining,
            interruptions,
            blamed: blamedAtStart(rows, interruptions),
          });
          const d = decide(s, T0);
          check(s, d);
          if (draining || interruptions >= 3) expect(d.claims).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps the invariants at every decision and always finishes', () => {
    fc.assert(
      fc.property(flowArb, (flow) => {
        const { tries } = simulate(flow);
        const { p } = build(flow);
        for (const [id, n] of tries) {
          const node = p.nodes.get(id)!;
          // Each try is claimed once; deaths can cost a try, never add one beyond the policy.
          expect(n).toBeLessThanOrEqual((node.retry?.attempts ?? 6) + (node.type === 'crm.upsertContact' ? 400 : 0));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('with no failures, deaths or filters that stop, every step runs and the run succeeds', () => {
    fc.assert(
      fc.property(flowArb, (flow) => {
        const clean = {
          // No worker dies (a death costs a try); drains still happen.
          choices: flow.choices.map((c) => 4 + (c % 96)),
          nodes: flow.nodes.map((n) => ({
            ...n,
            kind: n.kind === 'filter-stop' ? 'http' : n.kind,
            script: ['ok' as Kind],
          })),
        };
        const { status, tries } = simulate(clean);
        expect(status).toBe('succeeded');
        const { p } = build(clean);
        for (const n of p.order) if (n.type !== 'filter') expect(tries.get(n.id) ?? 0).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});
