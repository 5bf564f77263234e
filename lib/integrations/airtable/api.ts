import { callVendor, vendorBase, type VendorResponse } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';

// Airtable Web API (airtable.com/developers/web/api/introduction): Bearer
// personal access token, JSON. Errors are {error: {type, message}} or
// {error: "NOT_FOUND"} (…/api/errors); 429 means "wait 30 seconds" and
// carries no Retry-After (…/api/rate-limits), so 30 s is the fallback.

export const AIRTABLE_RATE_LIMIT_WAIT_MS = 30_000;

export function airtableApi(s: { token: string; baseUrl?: string }, signal: AbortSignal) {
  const base = vendorBase(s.baseUrl, 'https://api.airtable.com');
  return async (method: string, path: string, body?: unknown): Promise<VendorResponse> => {
    const res = await callVendor({
      method,
      url: `${base}${path}`,
      headers: {
        authorization: `Bearer ${s.token}`,
        accept: 'application/json',
      },
      json: body,
      signal,
    });
    if (res.status >= 200 && res.status < 300) return res;
    throw airtableError(res);
  };
}

function airtableError(res: VendorResponse): StepError {
  const raw = res.json?.error ?? res.json?.errors?.[0]?.error;
  const type = typeof raw === 'string' ? raw : typeof raw?.type === 'string' ? raw.type : '';
  const message = typeof raw?.message === 'string' ? raw.message : (res.json?.errors?.[0]?.message ?? '');
  const detail =
    message || type
      ? `: ${[message, type && `(${type})`].filter(Boolean).join(' ')}`.slice(0, 600)
      : ` (HTTP ${res.status})`;
  const what =
    res.status === 401
      ? 'Airtable refused the personal access token'
      : res.status === 403
        ? 'The token may not write to this base or table (scopes or access)'
        : res.status === 404
          ? 'Airtable found no such base or table'
          : res.status === 429
            ? 'Airtable rate limit reached'
            : res.status >= 500
              ? 'Airtable had trouble'
              : 'Airtable refused the record';
  const err = statusStepError(res.status, res.headers, `${what}${detail}`);
  if (res.status === 429 && err.retryAfterMs === undefined)
    return new StepError(err.message, true, AIRTABLE_RATE_LIMIT_WAIT_MS);
  return err;
}
