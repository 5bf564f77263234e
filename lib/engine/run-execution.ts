import type { FlowNode } from '../flows/graph';
import { enqueueFailureAlert } from '../alerts/enqueue-failure-alert';
import { takeConnectionTurn } from '../limits/connection-rate';
import { publishRunChange } from '../live/run-changes';
import { logger } from '../log';
import { countMetric, observeStep } from '../metrics/metric-counters';
import { uuid7 } from '../db/uuid7';
import type { LeasedRun } from './acquire-run';
import { afterWrite, blamedAtStart, decide, type Claim, type RunRow } from './decide';
import { isDraining, stepStarted } from './draining';
import { enqueueAdvance, newJobId } from './enqueue-advance';
import { executeStep } from './execute-step';
import { retryPolicy, stepTimeoutMs } from './retry-policy';
import { OUTCOMES, writeTransition, type RunChange, type StepRow } from './run-writes';
import { postponed, stepOutcome } from './step-outcome';

// The engine's shell: drives one leased run as far as it can go now. The rules
// are decide() (decide.ts, pure); this loads the state, calls decide() on each
// step outcome, and performs the decision: one SQL statement, then the
// claimed steps, the run's next job, and report() — the one place that tells
// the world a run or step changed (alerts, metrics, logs).

export class RunExecution {
  private steps = new Map<string, StepRow>();
  private readonly inflight = new Map<string, AbortController>();
  private chain: Promise<unknown> = Promise.resolve();
  private settled = false;
  /** The run's row as this job last wrote it. */
  private written: RunRow;
  /** The steps the crash guard fails: those in flight when the workers died (else the first that would start). */
  private blamed: Set<string>;
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
    this.blamed = blamedAtStart(run.steps, run.interruptions);
    this.written = { status: run.status, nextAttemptAt: run.nextAttemptAt, leaseUntil: run.leaseUntil };
    this.publish();
  }

  /** Tells the open runs pages of the workspace (lib/live/run-changes.ts). */
  private publish(): void {
    publishRunChange(this.run.workspaceId, {
      runId: this.run.id,
      flowId: this.run.flowId,
      status: this.written.status,
    });
  }

  drive(): Promise<void> {
    try {
      this.tick([]);
    } catch (err) {
      this.fail(err);
    }
    return this.done;
  }

  private readonly ids = {
    step: uuid7,
    job: () => newJobId(this.run.id),
  };

  /** Decides what can happen now, writes it in one statement, then starts the claimed steps. */
  private tick(changed: StepRow[]): void {
    if (this.settled) return;
    const now = new Date();
    const d = decide(
      {
        plan: this.run.plan,
        trigger: this.run.trigger,
        steps: this.steps,
        changed,
        inflight: new Set(this.inflight.keys()),
        taken: { status: this.run.status, nextAttemptAt: this.run.nextAttemptAt },
        written: this.written,
        interruptions: this.run.interruptions,
        blamed: this.blamed,
        draining: isDraining(),
        ids: this.ids,
      },
      now,
    );
    this.steps = d.steps;
    this.blamed = d.blamed;
    for (const claim of d.claims) this.inflight.set(claim.node.id, new AbortController());
    const { writes, runChange: change, write } = d;
    this.chain = this.chain
      .then(() =>
        write
          ? writeTransition(this.run.id, this.run.token, writes, change, now)
          : { leased: true, written: new Set<string>() },
      )
      .then(async (res) => {
        if (this.settled) return;
        if (!res.leased) return this.lose();
        if (write) this.written = afterWrite(this.written, change);
        this.report(writes, change, write);
        for (const claim of d.claims) {
          if (claim.local || res.written.has(claim.node.id)) void this.execute(claim);
          else this.inflight.delete(claim.node.id); // already succeeded elsewhere: never run it again
        }
        if (change.release) {
          for (const timer of d.timers)
            await enqueueAdvance(this.run.id, timer.jobId, timer.delayMs).catch((err) => {
              // The sweeper re-adds it from PostgreSQL once Redis answers.
              logger.warn({ runId: this.run.id, err: (err as Error).message }, 'could not enqueue the run’s next job');
            });
          this.settle();
        }
      })
      .catch((err) => this.fail(err));
  }

  /**
   * The one place that reports a committed change of this run: `rows` are the
   * step rows just written, `change` the run's (`written`: a statement ran). Off
   * the engine's path.
   */
  private report(rows: StepRow[], change: RunChange, written: boolean): void {
    if (written) this.publish();
    if (this.onOutcome && rows.some((r) => OUTCOMES.has(r.status))) {
      this.onOutcome();
      this.onOutcome = undefined;
    }
    if (!change.release) return;
    // Failed for good (the write committed it): tell the owners.
    if (change.status === 'failed') void enqueueFailureAlert(this.run.id);
    if (change.finishedAt) {
      countMetric('switchboard_runs_finished_total', { status: change.status ?? 'unknown' });
      logger[change.status === 'failed' ? 'info' : 'debug'](
        { ...this.logIds(), status: change.status },
        'run finished',
      );
    }
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
    const { row: next, label } = stepOutcome(node, this.steps.get(node.id) ?? row, outcome, {
      now: new Date(),
      policy: retryPolicy(node),
      local: claim.local,
    });
    observeStep(node.type, (performance.now() - started) / 1000, label);
    // Ids and the outcome only: step errors can quote the target's answer.
    if (!outcome.ok)
      logger.info(
        { ...this.logIds(), nodeId: node.id, type: node.type, attempt: row.attempts, outcome: label },
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
    try {
      this.tick([postponed(node, this.steps.get(node.id) ?? row, ms, new Date())]);
    } catch (err) {
      this.fail(err);
    }
  }

  private logIds = () => ({ runId: this.run.id, flowId: this.run.flowId, eventId: this.run.eventId });

  private settle() {
    this.settled = true;
    this.resolveDone();
  }

  /** Another job holds the run now (this one stalled past its lease): stop without writing. */
  private lose() {
    logger.warn(this.logIds(), 'run lease lost; another job continues it');
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
