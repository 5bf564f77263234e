import type { FlowNode } from '../flows/graph';
import { enqueueFailureAlert } from '../alerts/enqueue-failure-alert';
import { takeConnectionTurn } from '../limits/connection-rate';
import { logger } from '../log';
import { countMetric, observeStep } from '../metrics/metric-counters';
import type { TemplateContext } from '../templates/render-config';
import type { LeasedRun } from './acquire-run';
import { isDraining, stepStarted } from './draining';
import { enqueueAdvance, newJobId } from './enqueue-advance';
import { executeStep } from './execute-step';
import { retryDelayMs, retryPolicy, stepTimeoutMs } from './retry-policy';
import { OUTCOMES, writeTransition, type RunChange, type StepRow } from './run-writes';
import { CRASH_LIMIT, crashMessage } from './crash-guard';
import { decideControl, prepareStep } from './step-input';
import { storable } from '../db/storable';
import { uuid7 } from '../db/uuid7';
import { stepDefinition } from '../integrations/registry';
import { controlSteps } from '../integrations/registry.server';

// Drives one leased run as far as it can go now. Steps whose parents have all
// succeeded start at once (parallel branches run side by side). A step that
// fails for good (config, template, a 4xx, retries used up, the crash-loop
// guard) or ends skipped (a send cap) skips only
// its descendants, as does a control step whose decision lets a child not run
// (a filter that did not pass): every other branch runs to its end, and the run is
// `failed` once nothing more can run if any step failed. Each state
// change is one write, and a step's side effect starts only after the write
// that marks it `running` (with its attempt counted) has committed; a local
// step (one idempotent write to our own database) starts without that write,
// and its outcome goes out with the next one. When
// nothing is left in flight the run is finished, or it waits for a timer
// (retry backoff, a control step's wait) as a delayed job, holding no worker slot.

const TERMINAL = new Set(['succeeded', 'failed', 'skipped']);
/** A step's lease lasts its timeout plus this, so a live worker always writes the outcome in time. */
const LEASE_GRACE_MS = 5_000;
/** Timers firing this early still count as due. */
const DUE_TOLERANCE_MS = 25;

type Claim = { node: FlowNode; row: StepRow; config: unknown; local: boolean };
/** The run's row as this job last wrote it. */
type RunState = { status: string; nextAttemptAt: Date | null; leaseUntil: Date };
type Gate = 'ready' | 'blocked' | 'skip';

export class RunExecution {
  private readonly steps = new Map<string, StepRow>();
  private readonly inflight = new Map<string, AbortController>();
  private chain: Promise<unknown> = Promise.resolve();
  private settled = false;
  private state: RunState;
  /** Its worker died CRASH_LIMIT times in a row while driving it: start nothing, fail the culprit. */
  private readonly poisoned: boolean;
  /** The steps the guard fails: those in flight when the workers died (else the first that would start). */
  private readonly blamed = new Set<string>();
  private resolveDone!: () => void;
  private rejectDone!: (err: unknown) => void;
  readonly done = new Promise<void>((resolve, reject) => {
    this.resolveDone = resolve;
    this.rejectDone = reject;
  });

  constructor(
    private readonly run: LeasedRun,
    /** Called once, when a step outcome of this run has been written (crash-guard.ts). */
    private onOutcome?: () => void,
  ) {
    for (const s of run.steps) this.steps.set(s.nodeId, s);
    this.poisoned = run.interruptions >= CRASH_LIMIT;
    if (this.poisoned)
      // A control step waiting on its timer runs no code that could have killed the worker.
      for (const s of run.steps) if (s.status === 'running' && !controlSteps[s.type]) this.blamed.add(s.nodeId);
    this.state = { status: run.status, nextAttemptAt: run.nextAttemptAt, leaseUntil: run.leaseUntil };
  }

  drive(): Promise<void> {
    try {
      this.tick([]);
    } catch (err) {
      this.fail(err);
    }
    return this.done;
  }

  private label = (node: FlowNode) => node.label ?? node.id;

  private context(): TemplateContext {
    const steps: Record<string, unknown> = { [this.run.plan.trigger.id]: this.run.trigger };
    for (const s of this.steps.values()) if (s.status === 'succeeded') steps[s.nodeId] = s.output;
    return { trigger: this.run.trigger, steps };
  }

  /** `skip`: a parent failed, was skipped, or is a control step that does not let it run; it can never run. */
  private gate(nodeId: string): Gate {
    let ready = true;
    for (const p of this.run.plan.parents.get(nodeId) ?? []) {
      if (p === this.run.plan.trigger.id) continue;
      const ps = this.steps.get(p);
      if (ps?.status === 'skipped' || ps?.status === 'failed') return 'skip';
      if (ps?.status === 'succeeded') {
        const lets = controlSteps[ps.type]?.lets;
        if (lets && !lets(ps.output, nodeId)) return 'skip';
        continue;
      }
      ready = false;
    }
    return ready ? 'ready' : 'blocked';
  }

  private row(node: FlowNode, patch: Partial<StepRow>): StepRow {
    const prev = this.steps.get(node.id);
    const row: StepRow = {
      id: prev?.id ?? uuid7(),
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
    this.steps.set(node.id, row);
    return row;
  }

  /** Recomputes what can happen now, writes it in one statement, then starts the claimed steps. */
  private tick(changed: StepRow[]): void {
    if (this.settled) return;
    const now = new Date();
    const writes = new Map(changed.map((r) => [r.nodeId, r]));
    const claims: Claim[] = [];
    let waitUntil: Date | null = null;
    let handback = false;
    const earliest = (d: Date) => (waitUntil = !waitUntil || d < waitUntil ? d : waitUntil);

    for (let progress = true; progress;) {
      progress = false;
      waitUntil = null;
      handback = false;
      for (const node of this.run.plan.order) {
        const s = this.steps.get(node.id);
        if ((s && TERMINAL.has(s.status)) || this.inflight.has(node.id)) continue;
        const gate = this.gate(node.id);
        if (gate === 'skip') {
          writes.set(
            node.id,
            this.row(node, { status: 'skipped', attempts: s?.attempts ?? 0, error: s?.error ?? null, finishedAt: now }),
          );
          progress = true;
          continue;
        }
        if (this.poisoned && gate === 'ready') {
          // Started again after each of the last CRASH_LIMIT deaths of its worker:
          // failed, never started again (crash-guard.ts). This job starts nothing
          // else; the next one (the outcome resets the count) runs the other branches.
          if (!this.blamed.size || this.blamed.has(node.id)) {
            this.blamed.add(node.id);
            const error = crashMessage(this.run.interruptions);
            writes.set(
              node.id,
              this.row(node, {
                status: 'failed',
                attempts: s?.attempts ?? 0,
                error,
                startedAt: s?.startedAt ?? now,
                finishedAt: now,
              }),
            );
            progress = true;
          } else handback = true;
          continue;
        }
        if (gate !== 'ready') continue;

        if (controlSteps[node.type]) {
          const result = this.controlStep(node, s, now);
          if (result.row) writes.set(node.id, result.row);
          if (result.waitUntil) earliest(result.waitUntil);
          progress ||= result.progress;
          continue;
        }
        if (
          s?.status === 'retrying' &&
          s.nextAttemptAt &&
          s.nextAttemptAt.getTime() > now.getTime() + DUE_TOLERANCE_MS
        ) {
          earliest(s.nextAttemptAt);
          continue;
        }
        if (isDraining()) {
          handback = true;
          continue;
        }
        const policy = retryPolicy(node);
        const attempts = s?.attempts ?? 0;
        if (attempts >= policy.attempts) {
          // Only reachable when a worker died during the last allowed try.
          writes.set(
            node.id,
            this.row(node, {
              status: 'failed',
              error: s?.error ?? `The step was interrupted on each of its ${attempts} tries`,
              finishedAt: now,
            }),
          );
          progress = true;
          continue;
        }
        let prepared;
        try {
          prepared = prepareStep(this.run.plan, node, this.context());
        } catch (err) {
          writes.set(
            node.id,
            this.row(node, {
              status: 'failed',
              attempts: attempts + 1,
              error: (err as Error).message,
              startedAt: now,
              finishedAt: now,
            }),
          );
          progress = true;
          continue;
        }
        const row = this.row(node, {
          status: 'running',
          attempts: attempts + 1,
          input: prepared.input,
          startedAt: now,
        });
        const local = stepDefinition(node.type)?.local === true;
        if (!local) writes.set(node.id, row);
        this.inflight.set(node.id, new AbortController());
        claims.push({ node, row, config: prepared.config, local });
      }
    }

    const { change, enqueue } = this.runChange(now, claims, waitUntil, handback, writes);
    const rows = [...writes.values()];
    // Only local steps started, on a run that is running under a lease long enough: nothing to write.
    const write = rows.length > 0 || this.changes(change);
    this.chain = this.chain
      .then(() =>
        write
          ? writeTransition(this.run.id, this.run.token, rows, change, now)
          : { leased: true, written: new Set<string>() },
      )
      .then(async (res) => {
        if (this.settled) return;
        if (!res.leased) return this.lose();
        if (write) this.wrote(change);
        if (this.onOutcome && rows.some((r) => OUTCOMES.has(r.status))) {
          this.onOutcome();
          this.onOutcome = undefined;
        }
        for (const claim of claims) {
          if (claim.local || res.written.has(claim.node.id)) void this.execute(claim);
          else this.inflight.delete(claim.node.id); // already succeeded elsewhere: never run it again
        }
        if (change.release) {
          if (enqueue)
            await enqueueAdvance(this.run.id, enqueue.jobId, enqueue.delayMs).catch((err) => {
              // The sweeper re-adds it from PostgreSQL once Redis answers.
              logger.warn({ runId: this.run.id, err: (err as Error).message }, 'could not enqueue the run’s next job');
            });
          // Failed for good (the write above committed it): tell the owners, off the engine's path.
          if (change.status === 'failed') void enqueueFailureAlert(this.run.id);
          if (change.finishedAt) {
            countMetric('switchboard_runs_finished_total', { status: change.status ?? 'unknown' });
            logger[change.status === 'failed' ? 'info' : 'debug'](
              { ...this.ids(), status: change.status },
              'run finished',
            );
          }
          this.settle();
        }
      })
      .catch((err) => this.fail(err));
  }

  /** Whether writing `change` would change the run's row (beyond its updatedAt). */
  private changes(change: RunChange): boolean {
    const st = this.state;
    return (
      !!change.release ||
      (change.status !== undefined && change.status !== st.status) ||
      change.error !== undefined ||
      (change.nextAttemptAt !== undefined && change.nextAttemptAt?.getTime() !== st.nextAttemptAt?.getTime()) ||
      change.finishedAt !== undefined ||
      change.jobId !== undefined ||
      (change.leaseUntil !== undefined && change.leaseUntil > st.leaseUntil)
    );
  }

  private wrote(change: RunChange): void {
    if (change.status) this.state.status = change.status;
    if (change.nextAttemptAt !== undefined) this.state.nextAttemptAt = change.nextAttemptAt;
    if (change.leaseUntil && change.leaseUntil > this.state.leaseUntil) this.state.leaseUntil = change.leaseUntil;
  }

  /**
   * A control step (lib/integrations/define-server.ts): its decision is taken
   * here, with no side effect, and written with the transition. `done` ends it
   * (its `lets` gates the children); `wait` keeps it running until its timer,
   * as a delayed job, and asks again (`resumed`) when that comes due.
   */
  private controlStep(
    node: FlowNode,
    s: StepRow | undefined,
    now: Date,
  ): { row?: StepRow; waitUntil?: Date; progress: boolean } {
    const resumed = !!s && s.status !== 'pending';
    if (resumed && s.nextAttemptAt && s.nextAttemptAt.getTime() > now.getTime() + DUE_TOLERANCE_MS)
      return { waitUntil: s.nextAttemptAt, progress: false };
    try {
      const { input, decision } = decideControl(this.run.plan, node, this.context(), { now, resumed });
      if (decision.outcome === 'wait') {
        return {
          row: this.row(node, {
            status: 'running',
            attempts: s?.attempts || 1,
            input: resumed ? undefined : input,
            startedAt: s?.startedAt ?? now,
            nextAttemptAt: decision.until,
          }),
          waitUntil: decision.until,
          progress: false,
        };
      }
      return {
        row: this.row(node, {
          status: 'succeeded',
          attempts: s?.attempts || 1,
          input: resumed ? undefined : input,
          output: decision.output,
          startedAt: s?.startedAt ?? now,
          finishedAt: now,
        }),
        progress: true,
      };
    } catch (err) {
      return {
        row: this.row(node, {
          status: 'failed',
          attempts: (s?.attempts ?? 0) + 1,
          error: (err as Error).message,
          startedAt: now,
          finishedAt: now,
        }),
        progress: true,
      };
    }
  }

  private runChange(
    now: Date,
    claims: Claim[],
    waitUntil: Date | null,
    handback: boolean,
    writes: Map<string, StepRow>,
  ) {
    let enqueue: { jobId: string; delayMs: number } | undefined;
    if (this.inflight.size > 0) {
      // A local step needs no longer lease: were it taken over, doing it again is harmless.
      const leaseUntil = new Date(
        Math.max(
          now.getTime(),
          ...claims.filter((c) => !c.local).map((c) => now.getTime() + stepTimeoutMs(c.node) + LEASE_GRACE_MS),
        ),
      );
      return { change: { status: 'running', nextAttemptAt: waitUntil, leaseUntil } satisfies RunChange, enqueue };
    }
    // A failed step does not end the run while another branch can still run (or waits for a timer).
    if (handback) {
      enqueue = { jobId: newJobId(this.run.id), delayMs: 0 };
      return {
        change: { status: 'queued', nextAttemptAt: null, release: true, jobId: enqueue.jobId } satisfies RunChange,
        enqueue,
      };
    }
    if (waitUntil) {
      const until: Date = waitUntil;
      // Nothing came due (an early or duplicate job): leave the pending job in place.
      if (this.run.status === 'waiting' && this.run.nextAttemptAt?.getTime() === until.getTime() && writes.size === 0) {
        return { change: { release: true } satisfies RunChange, enqueue };
      }
      enqueue = { jobId: newJobId(this.run.id), delayMs: Math.max(0, until.getTime() - now.getTime()) };
      return {
        change: { status: 'waiting', nextAttemptAt: until, release: true, jobId: enqueue.jobId } satisfies RunChange,
        enqueue,
      };
    }
    // Finished: whatever did not run will not run.
    const failed = this.run.plan.order.map((n) => this.steps.get(n.id)).find((s) => s?.status === 'failed');
    for (const node of this.run.plan.order) {
      const s = this.steps.get(node.id);
      if (!s || !TERMINAL.has(s.status)) {
        writes.set(
          node.id,
          this.row(node, { status: 'skipped', attempts: s?.attempts ?? 0, error: s?.error ?? null, finishedAt: now }),
        );
      }
    }
    const node = failed && this.run.plan.nodes.get(failed.nodeId);
    const error = failed && node ? `Step "${this.label(node)}" failed: ${failed.error}` : null;
    return {
      change: {
        status: failed ? 'failed' : 'succeeded',
        error,
        nextAttemptAt: null,
        finishedAt: now,
        release: true,
      } satisfies RunChange,
      enqueue,
    };
  }

  private async execute(claim: Claim): Promise<void> {
    const { node, row } = claim;
    // The connection's shared rate limit: wait for a turn, or hand the step back as a timer without using a try.
    const laterMs = await takeConnectionTurn(this.run.workspaceId, claim.config, this.inflight.get(node.id)?.signal);
    if (laterMs > 0) return this.postpone(node, row, laterMs);
    const started = performance.now();
    const over = stepStarted(stepTimeoutMs(node));
    const outcome = await executeStep({
      type: node.type,
      config: claim.config,
      workspaceId: this.run.workspaceId,
      flowId: this.run.flowId,
      runId: this.run.id,
      nodeId: node.id,
      attempt: row.attempts,
      idempotencyKey: `run:${this.run.id}:${node.id}`,
      timeoutMs: stepTimeoutMs(node),
      rawConfig: node.config,
      abort: this.inflight.get(node.id)?.signal,
    }).finally(over);
    this.inflight.delete(node.id);
    if (this.settled) return;
    const now = new Date();
    let next: StepRow;
    // A local step's input was never written: it goes with the outcome.
    const input = claim.local ? row.input : undefined;
    if (outcome.ok) {
      // What later steps see is what is stored: an answer PostgreSQL cannot hold as it is
      // goes on cleaned or cut, with a note, and the step still counts as done.
      next = this.row(node, {
        status: outcome.skipped ? 'skipped' : 'succeeded',
        attempts: row.attempts,
        input,
        output: storable(outcome.output),
        finishedAt: now,
      });
    } else {
      const policy = retryPolicy(node);
      if (outcome.retryable && row.attempts < policy.attempts) {
        const wait = retryDelayMs(row.attempts, policy.backoffMs, outcome.retryAfterMs);
        next = this.row(node, {
          status: 'retrying',
          attempts: row.attempts,
          input,
          error: outcome.error,
          nextAttemptAt: new Date(now.getTime() + wait),
        });
      } else {
        const error = outcome.retryable
          ? `${outcome.error} (gave up after ${row.attempts} ${row.attempts === 1 ? 'try' : 'tries'})`
          : outcome.error;
        next = this.row(node, { status: 'failed', attempts: row.attempts, input, error, finishedAt: now });
      }
    }
    const outcomeLabel =
      next.status === 'succeeded' || next.status === 'skipped'
        ? 'succeeded'
        : next.status === 'retrying'
          ? 'retrying'
          : 'failed';
    observeStep(node.type, (performance.now() - started) / 1000, outcomeLabel);
    // Ids and the outcome only: step errors can quote the target's answer.
    if (!outcome.ok)
      logger.info(
        { ...this.ids(), nodeId: node.id, type: node.type, attempt: row.attempts, outcome: outcomeLabel },
        'step failed',
      );
    try {
      this.tick([next]);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Un-claims a step that did not call out: the try is not counted, and it comes due again in `ms`. */
  private postpone(node: FlowNode, row: StepRow, ms: number): void {
    this.inflight.delete(node.id);
    if (this.settled) return;
    const next = this.row(node, {
      status: 'retrying',
      attempts: row.attempts - 1,
      nextAttemptAt: new Date(Date.now() + ms),
    });
    try {
      this.tick([next]);
    } catch (err) {
      this.fail(err);
    }
  }

  private ids = () => ({ runId: this.run.id, flowId: this.run.flowId, eventId: this.run.eventId });

  private settle() {
    this.settled = true;
    this.resolveDone();
  }

  /** Another job holds the run now (this one stalled past its lease): stop without writing. */
  private lose() {
    logger.warn(this.ids(), 'run lease lost; another job continues it');
    this.abortInflight();
    this.settle();
  }

  /** Steps were in flight when it failed: their calls may still reach the target. */
  callsOutstanding = false;

  private fail(err: unknown) {
    if (this.settled) return;
    this.settled = true;
    this.callsOutstanding = this.inflight.size > 0;
    this.abortInflight();
    this.rejectDone(err);
  }

  private abortInflight() {
    for (const c of this.inflight.values()) c.abort(new Error('The run was handed to another worker'));
  }
}
