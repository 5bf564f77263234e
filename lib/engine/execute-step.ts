import { loadConnectionForStep } from '../connections/load-connection-for-step';
import { isDbUnavailable } from '../errors';
import { stepRuns } from '../integrations/registry.server';
import { StepError, StepSkipped } from '../steps/types';

// Calls a step executor with its idempotency key and a hard timeout. Whatever
// happens comes back as a value: the output, or an error saying whether
// another try could help.

export type StepOutcome =
  | { ok: true; output: unknown; skipped?: boolean }
  | { ok: false; error: string; retryable: boolean; retryAfterMs?: number };

export type ExecuteArgs = {
  type: string;
  config: unknown;
  workspaceId: string;
  flowId: string;
  runId: string;
  nodeId: string;
  attempt: number;
  idempotencyKey: string;
  timeoutMs: number;
  /** The step's config as written (templates unrendered), for real runs. */
  rawConfig?: Record<string, unknown>;
  /** Aborts the call early (the job lost its lease or the worker is stopping). */
  abort?: AbortSignal;
};

const NETWORK_CODES = /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR)/;

export async function executeStep(a: ExecuteArgs): Promise<StepOutcome> {
  const step = stepRuns[a.type];
  if (!step) return { ok: false, error: `Step type "${a.type}" cannot run on this worker`, retryable: false };
  const controller = new AbortController();
  const onAbort = () => controller.abort(a.abort?.reason);
  a.abort?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new StepError(`The step did not finish within ${formatMs(a.timeoutMs)}`, true);
      // Settle the race first, so the outcome names the timeout, then stop the call.
      reject(err);
      controller.abort(err);
    }, a.timeoutMs);
  });
  try {
    const output = await Promise.race([
      step.run(a.config, {
        workspaceId: a.workspaceId,
        flowId: a.flowId,
        runId: a.runId,
        nodeId: a.nodeId,
        attempt: a.attempt,
        idempotencyKey: a.idempotencyKey,
        signal: controller.signal,
        rawConfig: a.rawConfig,
        connection: (id, accepts) => loadConnectionForStep(a.workspaceId, id, accepts),
      }),
      timeout,
    ]);
    if (output instanceof StepSkipped) {
      return { ok: true, skipped: true, output: { skipped: true, reason: output.reason, message: output.message } };
    }
    return { ok: true, output: output === undefined ? null : output };
  } catch (err) {
    return describeFailure(err);
  } finally {
    clearTimeout(timer);
    a.abort?.removeEventListener('abort', onAbort);
  }
}

export function describeFailure(err: unknown): Extract<StepOutcome, { ok: false }> {
  if (err instanceof StepError)
    return { ok: false, error: err.message, retryable: err.retryable, retryAfterMs: err.retryAfterMs };
  const e = err as { message?: string; code?: string; name?: string; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code ?? '';
  if (NETWORK_CODES.test(code) || e?.name === 'AbortError' || e?.name === 'TimeoutError' || isDbUnavailable(err)) {
    return { ok: false, error: e?.message ?? 'Network error', retryable: true };
  }
  // An unexpected error from a step is most often transient (a dropped
  // connection, a busy database); retrying is the safer default.
  return { ok: false, error: e?.message ?? String(err), retryable: true };
}

const formatMs = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
