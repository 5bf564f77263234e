import { OutboundError } from '../net/outbound-request';
import { retryAfterMs } from '../net/retry-after';
import { StepError, isRetryableStatus } from './types';

// Shared by the steps that call HTTP APIs: a request that got no answer, and
// an answer that is an error, become a StepError the engine can act on.

export function outboundStepError(err: unknown, opts: { unsafeToRepeat?: string } = {}): StepError {
  if (err instanceof StepError) return err;
  if (err instanceof OutboundError) {
    // A call that must not be repeated blindly (no idempotency key): retried
    // only when it never reached the server; otherwise the caller's words say
    // what may have happened.
    if (opts.unsafeToRepeat && err.retryable && !err.neverSent)
      return new StepError(`${err.message}. ${opts.unsafeToRepeat}`, false);
    return new StepError(err.message, err.retryable);
  }
  return new StepError(err instanceof Error ? err.message : String(err), true);
}

/** An HTTP error answer: 408/429/5xx retryable (honouring Retry-After), other statuses not. */
export function statusStepError(status: number, headers: Record<string, string>, message: string): StepError {
  const retryable = isRetryableStatus(status);
  return new StepError(message, retryable, retryable ? retryAfterMs(headers) : undefined);
}
