import { callVendor, vendorBase, type VendorResponse } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';

// Attio REST API v2 (docs.attio.com/rest-api): the access token as a Bearer
// token, JSON bodies. Errors are {status_code, type, code, message}. A 429
// always carries Retry-After as an HTTP date ("usually the following second",
// docs.attio.com/rest-api/guides/rate-limiting) and means the request was not
// processed, so it is safe to send again.

export type AttioSettings = { accessToken: string; baseUrl?: string };

export function attioApi(s: AttioSettings, signal: AbortSignal) {
  const base = vendorBase(s.baseUrl, 'https://api.attio.com');
  return async (method: string, path: string, body?: unknown): Promise<VendorResponse> => {
    const res = await callVendor({
      method,
      url: `${base}${path}`,
      headers: { authorization: `Bearer ${s.accessToken}`, accept: 'application/json' },
      json: body,
      signal,
    });
    if (res.status >= 200 && res.status < 300) return res;
    throw attioError(res);
  };
}

function attioError(res: VendorResponse): StepError {
  const e = res.json ?? {};
  const message = typeof e.message === 'string' ? e.message : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const detail =
    message || code
      ? `: ${[message, code && `(${code})`].filter(Boolean).join(' ')}`.slice(0, 600)
      : ` (HTTP ${res.status})`;
  const what =
    res.status === 401
      ? 'Attio refused the access token'
      : res.status === 403
        ? 'The Attio token lacks a scope (record_permission:read-write, object_configuration:read)'
        : res.status === 404
          ? 'Attio found no such object, record or attribute'
          : res.status === 429
            ? 'Attio rate limit reached'
            : res.status >= 500
              ? 'Attio had trouble'
              : 'Attio refused the request';
  const err = statusStepError(res.status, res.headers, `${what}${detail}`);
  // Retry-After is documented as always present; without it, the next second.
  if (res.status === 429 && err.retryAfterMs === undefined) return new StepError(err.message, true, 1000);
  return err;
}
