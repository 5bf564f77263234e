import type { FlowNode } from '../flows/graph';
import { storable } from '../db/storable';
import { stepRow } from './decide';
import type { StepOutcome } from './execute-step';
import { retryDelayMs, type RetryPolicy } from './retry-policy';
import type { StepRow } from './run-writes';

// What a step's try comes to, as its next row (pure; decide() takes it from
// there): done, a retry after its backoff, or failed for good.

export type OutcomeLabel = 'succeeded' | 'retrying' | 'failed';

export function stepOutcome(
  node: Pick<FlowNode, 'id' | 'type'>,
  /** The row that claimed the try. */
  row: StepRow,
  outcome: StepOutcome,
  at: { now: Date; policy: RetryPolicy; local: boolean; random?: () => number },
): { row: StepRow; label: OutcomeLabel } {
  const { now } = at;
  const next = (patch: Partial<StepRow>) => stepRow(row, node, { attempts: row.attempts, ...patch }, () => row.id);
  // A local step's input was never written: it goes with the outcome.
  const input = at.local ? row.input : undefined;
  if (outcome.ok) {
    // What later steps see is what is stored: an answer PostgreSQL cannot hold as it is
    // goes on cleaned or cut, with a note, and the step still counts as done.
    const status = outcome.skipped ? 'skipped' : 'succeeded';
    return { row: next({ status, input, output: storable(outcome.output), finishedAt: now }), label: 'succeeded' };
  }
  if (outcome.retryable && row.attempts < at.policy.attempts) {
    const wait = retryDelayMs(row.attempts, at.policy.backoffMs, outcome.retryAfterMs, at.random);
    const nextAttemptAt = new Date(now.getTime() + wait);
    return { row: next({ status: 'retrying', input, error: outcome.error, nextAttemptAt }), label: 'retrying' };
  }
  const error = outcome.retryable
    ? `${outcome.error} (gave up after ${row.attempts} ${row.attempts === 1 ? 'try' : 'tries'})`
    : outcome.error;
  return { row: next({ status: 'failed', input, error, finishedAt: now }), label: 'failed' };
}

/** A step that did not call out (no turn under its connection's rate limit): the try is not counted, due in `ms`. */
export const postponed = (node: Pick<FlowNode, 'id' | 'type'>, row: StepRow, ms: number, now: Date): StepRow =>
  stepRow(
    row,
    node,
    { status: 'retrying', attempts: row.attempts - 1, nextAttemptAt: new Date(now.getTime() + ms) },
    () => row.id,
  );
