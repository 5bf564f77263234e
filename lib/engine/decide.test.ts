import { describe, expect, it } from 'vitest';
import { afterWrite, blamedAtStart, changesRun, decide, LEASE_GRACE_MS, type Decision } from './decide';
import { at, delay, engineState, filter, http, local, plan, step, T0 } from './engine-fixtures';
import { crashMessage } from './crash-guard';
import type { StepRow } from './run-writes';
import { postponed, stepOutcome } from './step-outcome';

// The engine's rules without services: every step status × parent status ×
// draining, then retries, leases, the crash guard, control steps and the run's
// own row. decide.property.test.ts checks the invariants on random flows.

const statusOf = (d: Decision, id: string) => d.steps.get(id)?.status;
const claimed = (d: Decision) => d.claims.map((c) => c.node.id).sort();
const written = (d: Decision) => d.writes.map((w) => `${w.nodeId}:${w.status}`).sort();

/** A step's row as the job finds it: the cases each status can be in. */
const CASES: Record<string, (id: string) => StepRow | undefined> = {
  absent: () => undefined,
  pending: (id) => step(id, 'pending'),
  running: (id) => step(id, 'running'), // taken over from a worker that lost its lease
  'retrying, due': (id) => step(id, 'retrying', { nextAttemptAt: T0 }),
  'retrying, later': (id) => step(id, 'retrying', { nextAttemptAt: at(60_000) }),
  succeeded: (id) => step(id, 'succeeded'),
  failed: (id) => step(id, 'failed'),
  skipped: (id) => step(id, 'skipped'),
};
const TERMINAL = new Set(['succeeded', 'failed', 'skipped']);
type Fate = 'claimed' | 'waits' | 'handed back' | 'untouched' | 'skipped' | 'blocked';

/** What becomes of a step in its case, its parent's fate decided first (the rule as the contract says it). */
function fate(caseName: string, parent: string, draining: boolean): Fate {
  if (TERMINAL.has(caseName)) return 'untouched';
  if (parent === 'failed' || parent === 'skipped') return 'skipped';
  if (parent !== 'succeeded') return 'blocked';
  if (caseName === 'retrying, later') return 'waits';
  return draining ? 'handed back' : 'claimed';
}

describe('decide: a child step by its status × its parent’s status', () => {
  for (const sibling of [false, true])
    for (const draining of [false, true])
      for (const [pCase, pRow] of Object.entries(CASES))
        for (const [cCase, cRow] of Object.entries(CASES)) {
          const name = `parent ${pCase}, child ${cCase}${draining ? ', draining' : ''}${sibling ? ', another branch in flight' : ''}`;
          it(name, () => {
            // t → a → b, and (with `sibling`) t → c, running in this job.
            const p = plan([http('a'), http('b'), http('c')], [['a', 'b']]);
            const rows = [pRow('a'), cRow('b'), sibling ? step('c', 'running') : step('c', 'succeeded')];
            const inflight = new Set(sibling ? ['c'] : []);
            const d = decide(
              engineState(
                p,
                rows.filter((r): r is StepRow => !!r),
                { draining, inflight },
              ),
              T0,
            );

            const pFate = fate(pCase, 'succeeded', draining);
            const cFate = fate(cCase, TERMINAL.has(pCase) ? pCase : pFate, draining);
            const fates = { a: pFate, b: cFate };
            const expectClaims = Object.entries(fates).filter(([, f]) => f === 'claimed');
            expect(claimed(d)).toEqual(expectClaims.map(([id]) => id));
            // A claim is written (running, its try counted) before the step starts.
            for (const [id] of expectClaims) {
              expect(d.writes.find((w) => w.nodeId === id)).toMatchObject({ status: 'running' });
              const before = rows.find((r) => r?.nodeId === id)?.attempts ?? 0;
              expect(d.steps.get(id)!.attempts).toBe(before + 1);
            }
            // Skipped by the gate, not by the end of the run: the other branch is still in flight.
            if (cFate === 'skipped') expect(statusOf(d, 'b')).toBe('skipped');
            for (const [id, f] of Object.entries(fates)) {
              if (f === 'untouched') expect(d.writes.some((w) => w.nodeId === id)).toBe(false);
              if (f === 'blocked' && sibling) expect(d.steps.get(id)).toEqual(rows.find((r) => r?.nodeId === id));
            }
            expect(d.writes.some((w) => w.nodeId === 'c')).toBe(false);

            const anyFailed = rows.some((r) => r?.status === 'failed');
            const all = Object.values(fates);
            const waits = all.includes('waits') ? at(60_000) : null;
            if (all.includes('claimed') || sibling) {
              // Something is in flight: the run stays running, its lease covering the new claims.
              const lease = all.includes('claimed') ? 30_000 + LEASE_GRACE_MS : 0;
              expect(d.runChange).toEqual({ status: 'running', nextAttemptAt: waits, leaseUntil: at(lease) });
              expect(d.timers).toEqual([]);
            } else if (all.includes('handed back')) {
              expect(d.runChange).toMatchObject({ status: 'queued', release: true, jobId: 'job-1' });
              expect(d.timers).toEqual([{ jobId: 'job-1', delayMs: 0 }]);
            } else if (waits) {
              expect(d.runChange).toMatchObject({ status: 'waiting', nextAttemptAt: waits, release: true });
              expect(d.timers).toEqual([{ jobId: 'job-1', delayMs: 60_000 }]);
            } else {
              // Nothing can run: finished, whatever did not run skipped.
              expect(d.runChange).toMatchObject({ status: anyFailed ? 'failed' : 'succeeded', release: true });
              expect(d.runChange.finishedAt).toEqual(T0);
              expect(d.timers).toEqual([]);
              for (const id of ['a', 'b']) expect(TERMINAL.has(statusOf(d, id)!)).toBe(true);
            }
          });
        }
});

describe('decide: branches', () => {
  // t → a → b, t → c → d: a failed.
  const p = plan(
    [http('a'), http('b'), http('c'), http('d')],
    [
      ['a', 'b'],
      ['c', 'd'],
    ],
  );

  it('a failed step skips only its descendants; the other branch runs on', () => {
    const d = decide(engineState(p, [step('a', 'failed')]), T0);
    expect(statusOf(d, 'b')).toBe('skipped');
    expect(claimed(d)).toEqual(['c']);
    expect(d.runChange.status).toBe('running');
  });

  it('the run fails only once everything that could run has run', () => {
    const d = decide(engineState(p, [step('a', 'failed'), step('b', 'skipped'), step('c', 'succeeded')]), T0);
    expect(claimed(d)).toEqual(['d']);
    const done = decide(
      engineState(p, [step('a', 'failed', { error: 'HTTP 400' }), step('b', 'skipped'), step('c', 'succeeded')], {
        changed: [step('d', 'succeeded')],
      }),
      T0,
    );
    expect(done.runChange).toMatchObject({ status: 'failed', error: 'Step "a" failed: HTTP 400', release: true });
    expect(written(done)).toEqual(['d:succeeded']);
  });

  it('a step with two parents waits for both, and is skipped if either failed', () => {
    const join = plan(
      [http('a'), http('b'), http('j')],
      [
        ['a', 'j'],
        ['b', 'j'],
      ],
    );
    expect(claimed(decide(engineState(join, [step('a', 'succeeded')]), T0))).toEqual(['b']);
    expect(claimed(decide(engineState(join, [step('a', 'succeeded'), step('b', 'succeeded')]), T0))).toEqual(['j']);
    const d = decide(engineState(join, [step('a', 'succeeded'), step('b', 'failed')]), T0);
    expect(statusOf(d, 'j')).toBe('skipped');
    expect(d.runChange.status).toBe('failed');
  });

  it('a step in flight blocks its children and keeps the run running without a new lease', () => {
    const d = decide(
      engineState(p, [step('a', 'running'), step('c', 'running')], { inflight: new Set(['a', 'c']) }),
      T0,
    );
    expect(claimed(d)).toEqual([]);
    expect(d.writes).toEqual([]);
    expect(d.runChange).toEqual({ status: 'running', nextAttemptAt: null, leaseUntil: T0 });
    // The run's row already says so: nothing to write.
    expect(d.write).toBe(false);
  });

  it('an outcome that comes in is written with the claims it unblocks', () => {
    const outcome = step('a', 'succeeded');
    const d = decide(
      engineState(p, [step('a', 'running'), step('c', 'running')], { changed: [outcome], inflight: new Set(['c']) }),
      T0,
    );
    expect(written(d)).toEqual(['a:succeeded', 'b:running']);
    expect(claimed(d)).toEqual(['b']);
  });
});

describe('decide: retries and leases', () => {
  it('a step taken over after its last allowed try fails without running again', () => {
    const p = plan([http('a', { retry: { attempts: 2 } })]);
    const d = decide(engineState(p, [step('a', 'running', { attempts: 2, error: null })]), T0);
    expect(claimed(d)).toEqual([]);
    expect(d.steps.get('a')).toMatchObject({
      status: 'failed',
      error: 'The step was interrupted on each of its 2 tries',
    });
    expect(d.runChange.status).toBe('failed');
  });

  it('a retry due within the tolerance runs now; a later one becomes the run’s timer', () => {
    const p = plan([http('a'), http('b')]);
    const rows = [
      step('a', 'retrying', { nextAttemptAt: at(20) }),
      step('b', 'retrying', { nextAttemptAt: at(5_000) }),
    ];
    const d = decide(engineState(p, rows), T0);
    expect(claimed(d)).toEqual(['a']);
    expect(d.runChange).toMatchObject({ status: 'running', nextAttemptAt: at(5_000) });
  });

  it('the lease covers the longest claimed step’s timeout', () => {
    const p = plan([http('a', { timeoutMs: 90_000 }), http('b')]);
    const d = decide(engineState(p), T0);
    expect(d.runChange.leaseUntil).toEqual(at(90_000 + LEASE_GRACE_MS));
  });

  it('a local step starts without a write when the run needs none', () => {
    const p = plan([local('c')]);
    const d = decide(engineState(p), T0);
    expect(d.claims).toMatchObject([{ local: true, row: { status: 'running', attempts: 1 } }]);
    expect(d.writes).toEqual([]);
    expect(d.write).toBe(false);
    // On a queued run the running status is written, still without the step's row.
    expect(
      decide(engineState(p, [], { written: { status: 'queued', nextAttemptAt: null, leaseUntil: T0 } }), T0).write,
    ).toBe(true);
  });

  it('a config the step type rejects fails the step at once, its try counted, never retried', () => {
    const p = plan([http('a', { config: { method: 'POST', url: '' } })]);
    const d = decide(engineState(p), T0);
    expect(claimed(d)).toEqual([]);
    expect(d.steps.get('a')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(d.steps.get('a')!.error).toContain('Step "a", field "url"');
    expect(d.runChange.status).toBe('failed');
  });

  it('an early or duplicate job on a waiting run leaves its pending job in place', () => {
    const p = plan([http('a')]);
    const rows = [step('a', 'retrying', { nextAttemptAt: at(60_000) })];
    const d = decide(engineState(p, rows, { taken: { status: 'waiting', nextAttemptAt: at(60_000) } }), T0);
    expect(d.runChange).toEqual({ release: true });
    expect(d.timers).toEqual([]);
  });
});

describe('decide: the crash guard', () => {
  const p = plan([http('a'), http('b')], [['a', 'b']]);
  const q = plan([http('a'), http('c')]);

  it('below the limit, a step taken over runs again', () => {
    expect(claimed(decide(engineState(p, [step('a', 'running')], { interruptions: 2 }), T0))).toEqual(['a']);
  });

  it('at the limit, fails the step in flight when the workers died and starts nothing', () => {
    const rows = [step('a', 'running')];
    const blamed = blamedAtStart(rows, 3);
    expect([...blamed]).toEqual(['a']);
    const d = decide(engineState(p, rows, { interruptions: 3, blamed }), T0);
    expect(d.steps.get('a')).toMatchObject({ status: 'failed', error: crashMessage(3) });
    expect(statusOf(d, 'b')).toBe('skipped');
    expect(claimed(d)).toEqual([]);
  });

  it('with nothing in flight, blames the first step that would start and hands the rest back', () => {
    const d = decide(engineState(q, [], { interruptions: 3 }), T0);
    expect(statusOf(d, 'a')).toBe('failed');
    expect(statusOf(d, 'c')).toBeUndefined();
    expect([...d.blamed]).toEqual(['a']);
    expect(d.runChange).toMatchObject({ status: 'queued', release: true });
  });

  it('a control step waiting on its timer is not blamed', () => {
    const rows = [{ ...step('w', 'running'), type: 'delay' }];
    expect(blamedAtStart(rows, 3).size).toBe(0);
    expect(blamedAtStart([step('a', 'running')], 2).size).toBe(0);
  });
});

describe('decide: control steps', () => {
  it('a filter that passes lets its children run; one that does not skips them, and the run succeeds', () => {
    const pass = plan([filter('f', '1'), http('a')], [['f', 'a']]);
    const d = decide(engineState(pass), T0);
    expect(d.steps.get('f')).toMatchObject({ status: 'succeeded', output: { passed: true } });
    expect(claimed(d)).toEqual(['a']);

    const stop = plan([filter('f', '2'), http('a'), http('other')], [['f', 'a']]);
    const s = decide(engineState(stop), T0);
    expect(statusOf(s, 'a')).toBe('skipped');
    expect(claimed(s)).toEqual(['other']);
    const done = decide(engineState(stop, [...s.steps.values()], { changed: [step('other', 'succeeded')] }), T0);
    expect(done.runChange.status).toBe('succeeded');
  });

  it('a delay waits as the run’s timer, then ends when resumed at its time', () => {
    const p = plan([delay('w', 60), http('a')], [['w', 'a']]);
    const d = decide(engineState(p), T0);
    expect(d.steps.get('w')).toMatchObject({ status: 'running', nextAttemptAt: at(60_000), attempts: 1 });
    expect(d.runChange).toMatchObject({ status: 'waiting', nextAttemptAt: at(60_000) });
    expect(d.timers).toEqual([{ jobId: 'job-1', delayMs: 60_000 }]);

    const early = decide(
      engineState(p, [...d.steps.values()], { taken: { status: 'waiting', nextAttemptAt: at(60_000) } }),
      at(1_000),
    );
    expect(early.runChange).toEqual({ release: true });
    const due = decide(engineState(p, [...d.steps.values()]), at(60_000));
    expect(due.steps.get('w')).toMatchObject({ status: 'succeeded', attempts: 1, startedAt: T0 });
    expect(claimed(due)).toEqual(['a']);
  });

  it('a draining worker still takes control decisions (they call nothing) but starts no step', () => {
    const p = plan([filter('f', '1'), http('a')], [['f', 'a']]);
    const d = decide(engineState(p, [], { draining: true }), T0);
    expect(statusOf(d, 'f')).toBe('succeeded');
    expect(claimed(d)).toEqual([]);
    expect(d.runChange.status).toBe('queued');
  });
});

describe('the run row', () => {
  const row = { status: 'running', nextAttemptAt: null, leaseUntil: at(10_000) };
  it('writes only what would change', () => {
    expect(changesRun(row, { status: 'running', nextAttemptAt: null, leaseUntil: at(5_000) })).toBe(false);
    expect(changesRun(row, { status: 'running', leaseUntil: at(20_000) })).toBe(true);
    expect(changesRun(row, { status: 'waiting' })).toBe(true);
    expect(changesRun(row, { nextAttemptAt: at(1) })).toBe(true);
    expect(changesRun(row, { release: true })).toBe(true);
  });
  it('remembers what it wrote; a lease never shrinks', () => {
    expect(afterWrite(row, { status: 'waiting', nextAttemptAt: at(1), leaseUntil: at(5) })).toEqual({
      status: 'waiting',
      nextAttemptAt: at(1),
      leaseUntil: at(10_000),
    });
  });
});

describe('step outcomes', () => {
  const node = { id: 'a', type: 'http.request' };
  const claim = step('a', 'running', { attempts: 2, input: { url: 'x' } });
  const policy = { attempts: 3, backoffMs: 1_000 };
  const args = { now: T0, policy, local: false, random: () => 0.5 };

  it('success and a send cap’s skip are done; the output is kept', () => {
    expect(stepOutcome(node, claim, { ok: true, output: { id: 7 } }, args)).toMatchObject({
      label: 'succeeded',
      row: { status: 'succeeded', attempts: 2, output: { id: 7 }, finishedAt: T0, input: undefined, id: claim.id },
    });
    expect(stepOutcome(node, claim, { ok: true, output: null, skipped: true }, args).row.status).toBe('skipped');
  });

  it('a retryable failure waits its backoff (×4 per try), or the Retry-After when longer', () => {
    const r = stepOutcome(node, claim, { ok: false, error: 'HTTP 503', retryable: true }, args);
    expect(r).toMatchObject({
      label: 'retrying',
      row: { status: 'retrying', error: 'HTTP 503', nextAttemptAt: at(4_000) },
    });
    const later = stepOutcome(
      node,
      claim,
      { ok: false, error: 'HTTP 429', retryable: true, retryAfterMs: 9_000 },
      args,
    );
    expect(later.row.nextAttemptAt).toEqual(at(9_000));
  });

  it('the last try, or a failure that is not retryable, fails for good', () => {
    const last = { ...claim, attempts: 3 };
    expect(stepOutcome(node, last, { ok: false, error: 'HTTP 503', retryable: true }, args).row).toMatchObject({
      status: 'failed',
      error: 'HTTP 503 (gave up after 3 tries)',
    });
    expect(stepOutcome(node, claim, { ok: false, error: 'HTTP 400', retryable: false }, args).row).toMatchObject({
      status: 'failed',
      error: 'HTTP 400',
    });
  });

  it('a local step’s input goes with its outcome', () => {
    expect(stepOutcome(node, claim, { ok: true, output: 1 }, { ...args, local: true }).row.input).toEqual({ url: 'x' });
  });

  it('a step postponed by its connection’s rate limit gives its try back', () => {
    expect(postponed(node, claim, 500, T0)).toMatchObject({ status: 'retrying', attempts: 1, nextAttemptAt: at(500) });
  });
});
