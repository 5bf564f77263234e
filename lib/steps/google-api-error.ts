import { retryAfterMs } from '../net/retry-after';
import type { VendorResponse } from './call-vendor';
import { StepError } from './types';

// Google APIs answer errors as {error: {code, message, status, errors?:
// [{reason, …}]}} (cloud.google.com/apis/design/errors): `status` is the
// canonical code (INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND,
// RESOURCE_EXHAUSTED, UNAVAILABLE, …). Quota refusals come as 429
// RESOURCE_EXHAUSTED, and from some APIs (Gmail) as 403 with the reason
// rateLimitExceeded or userRateLimitExceeded; the usage-limit pages ask for
// exponential back-off, which the engine's retry waits are.

const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

export type GoogleError = { code?: number; message?: string; status?: string; reason?: string };

export function googleErrorOf(res: VendorResponse): GoogleError {
  const e = res.json?.error;
  if (!e || typeof e !== 'object') return {};
  const reason = Array.isArray(e.errors) ? e.errors.find((x: any) => typeof x?.reason === 'string')?.reason : undefined;
  return {
    code: typeof e.code === 'number' ? e.code : undefined,
    message: typeof e.message === 'string' ? e.message.slice(0, 500) : undefined,
    status: typeof e.status === 'string' ? e.status : undefined,
    reason,
  };
}

/** A quota or rate refusal: nothing was done, try again later. */
export const isGoogleRateLimit = (res: VendorResponse, e = googleErrorOf(res)) =>
  res.status === 429 || e.status === 'RESOURCE_EXHAUSTED' || (res.status === 403 && RATE_REASONS.has(e.reason ?? ''));

/**
 * The step error for a Google error answer. `retryable` decides for answers
 * other than a rate limit (always retried, after Retry-After if given).
 */
export function googleStepError(
  res: VendorResponse,
  product: string,
  retryable: (status: number, e: GoogleError) => boolean,
  unsafeNote = '',
): StepError {
  const e = googleErrorOf(res);
  const detail = e.message
    ? `: ${e.message}${e.status ? ` (${e.status})` : ''}`
    : ` (HTTP ${res.status}${res.text ? `: ${res.text.replace(/\s+/g, ' ').trim().slice(0, 200)}` : ''})`;
  if (isGoogleRateLimit(res, e))
    return new StepError(`${product} is rate limiting this account${detail}`, true, retryAfterMs(res.headers));
  if (res.status < 300) return new StepError(`${product} answered ${res.status} without the expected result`, false);
  const what =
    res.status === 401
      ? `${product} refused the account’s access token`
      : res.status === 403
        ? `${product} refused access (does the account have the permission, and was it granted when connecting?)`
        : res.status === 404
          ? `${product} found no such item`
          : res.status >= 500
            ? `${product} had trouble`
            : `${product} refused the request`;
  const again = retryable(res.status, e);
  return new StepError(
    `${what}${detail}${!again && res.status >= 500 && unsafeNote ? `. ${unsafeNote}` : ''}`,
    again,
    again ? retryAfterMs(res.headers) : undefined,
  );
}
