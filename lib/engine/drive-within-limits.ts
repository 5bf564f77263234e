import { takeFlowSlot } from '../limits/flow-slots';
import { logger } from '../log';
import type { LeasedRun } from './acquire-run';
import { enqueueAdvance, newJobId } from './enqueue-advance';
import { stepTimeoutMs } from './retry-policy';
import { RunExecution } from './run-execution';
import { releaseLease, writeTransition } from './run-writes';
import { isSuspect, takeSuspectSlot } from './crash-guard';

// Drives a leased run, within its flow's concurrency limit (trigger config
// `concurrency`) when it has one. No free slot: the run gives its lease back,
// stays `queued`, and its next job comes after a wait that grows with how
// long the run has waited (0.25 s up to 5 s, spread), so a long line of
// waiting runs costs little and holds no worker.

const SLOT_GRACE_MS = 15_000;

export async function driveWithinLimits(run: LeasedRun): Promise<void> {
  let execution: RunExecution | undefined;
  let suspect: (() => void) | null = null;
  try {
    // Its worker died twice in a row while driving it: one such run at a time
    // in this process, until it records a step outcome (crash-guard.ts).
    if (isSuspect(run)) {
      suspect = takeSuspectSlot();
      if (!suspect) return await deferRun(run, 500);
    }
    const onOutcome = suspect ?? undefined;
    const limit = (run.plan.trigger.config as { concurrency?: unknown } | undefined)?.concurrency;
    if (typeof limit !== 'number' || limit < 1) {
      execution = new RunExecution(run, onOutcome);
      return await execution.drive();
    }
    // Held as long as the longest step may take, renewed while the run is driven.
    const holdMs = Math.max(...run.plan.order.map((n) => stepTimeoutMs(n)), 0) + SLOT_GRACE_MS;
    const slot = await takeFlowSlot(run.flowId, run.id, limit, holdMs);
    if (!slot) return await deferRun(run);
    try {
      execution = new RunExecution(run, onOutcome);
      await execution.drive();
    } finally {
      await slot.release();
    }
  } catch (err) {
    // This process is alive: unless a call it cut off may still reach its
    // target, give the lease back, so the next job neither waits for it to run
    // out nor counts it as a worker that died (a no-op once released).
    if (!execution?.callsOutstanding) await releaseLease(run.id, run.token);
    throw err;
  } finally {
    suspect?.();
  }
}

/** UUIDv7 ids carry their creation time in the first 48 bits. */
const createdAt = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

async function deferRun(run: LeasedRun, baseMs?: number): Promise<void> {
  const waited = Math.max(0, Date.now() - createdAt(run.id));
  const delay = Math.round((baseMs ?? Math.min(5000, Math.max(250, waited / 4))) * (0.75 + Math.random() * 0.5));
  const jobId = newJobId(run.id);
  const res = await writeTransition(run.id, run.token, [], { status: 'queued', release: true, jobId });
  if (!res.leased) return;
  await enqueueAdvance(run.id, jobId, delay).catch((err) => {
    // The sweeper re-adds it from PostgreSQL once Redis answers.
    logger.warn(
      { runId: run.id, flowId: run.flowId, err: (err as Error).message },
      'could not enqueue a run waiting for its flow’s concurrency limit',
    );
  });
}
