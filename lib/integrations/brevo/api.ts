import { callVendor, vendorBase, type VendorResponse } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';

// Brevo API v3 (developers.brevo.com/docs/getting-started): the key in the
// api-key header, JSON. Errors are {code, message} (developers.brevo.com/docs/how-it-works#error-codes):
// invalid_parameter, missing_parameter, duplicate_parameter, unauthorized…
// 429 carries x-sib-ratelimit-reset, the seconds until the window reopens
// (developers.brevo.com/docs/api-limits).

export function brevoApi(s: { apiKey: string; baseUrl?: string }, signal: AbortSignal) {
  const base = vendorBase(s.baseUrl, 'https://api.brevo.com');
  return async (method: string, path: string, body?: unknown): Promise<VendorResponse> => {
    const res = await callVendor({
      method,
      url: `${base}${path}`,
      headers: {
        'api-key': s.apiKey,
        accept: 'application/json',
      },
      json: body,
      signal,
    });
    if (res.status >= 200 && res.status < 300) return res;
    throw brevoError(res);
  };
}

function brevoError(res: VendorResponse): StepError {
  const e = res.json ?? {};
  const detail = e.message
    ? `: ${String(e.message).slice(0, 500)}${e.code ? ` (${e.code})` : ''}`
    : ` (HTTP ${res.status})`;
  const what =
    res.status === 401
      ? 'Brevo refused the API key'
      : res.status === 403
        ? 'Brevo refused: this key or plan may not do this (or the server’s IP is not authorised)'
        : res.status === 404
          ? 'Brevo found no such list'
          : res.status === 429
            ? 'Brevo rate limit reached'
            : res.status >= 500
              ? 'Brevo had trouble'
              : 'Brevo refused the contact';
  const err = statusStepError(res.status, res.headers, `${what}${detail}`);
  if (res.status === 429 && err.retryAfterMs === undefined) {
    const reset = Number(res.headers['x-sib-ratelimit-reset']);
    return new StepError(err.message, true, Number.isFinite(reset) && reset > 0 ? reset * 1000 : 5000);
  }
  return err;
}
