import { callVendor, vendorBase, type VendorResponse } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';

// Pipedrive API v1 (developers.pipedrive.com/docs/api/v1): the token in the
// x-api-token header (developers.pipedrive.com/docs/api/v1/#/authentication,
// so it never sits in a URL), JSON bodies, answers {success, data,
// additional_data} or {success: false, error, error_info, errorCode}. Rate
// limits answer 429 with x-ratelimit-reset, the seconds until the window
// reopens (pipedrive.readme.io/docs/core-api-concepts-rate-limiting).

export type PipedriveSettings = { apiToken: string; companyDomain?: string; baseUrl?: string };

export const pipedriveBase = (s: PipedriveSettings) =>
  vendorBase(s.baseUrl, s.companyDomain ? `https://${s.companyDomain}.pipedrive.com/api` : 'https://api.pipedrive.com');

export function pipedriveApi(s: PipedriveSettings, signal: AbortSignal) {
  const base = pipedriveBase(s);
  return async (method: string, path: string, body?: unknown): Promise<VendorResponse> => {
    const res = await callVendor({
      method,
      url: `${base}${path}`,
      headers: {
        'x-api-token': s.apiToken,
        accept: 'application/json',
      },
      json: body,
      signal,
    });
    if (res.status >= 200 && res.status < 300 && res.json?.success !== false) return res;
    throw pipedriveError(res);
  };
}

export function pipedriveError(res: VendorResponse): StepError {
  const e = res.json ?? {};
  const detail = e.error ? `: ${String(e.error).slice(0, 500)}` : ` (HTTP ${res.status})`;
  const what =
    res.status === 401
      ? 'Pipedrive refused the API token'
      : res.status === 403
        ? 'The Pipedrive user may not do this'
        : res.status === 429
          ? 'Pipedrive rate limit reached'
          : res.status >= 500
            ? 'Pipedrive had trouble'
            : 'Pipedrive refused the request';
  if (res.status >= 200 && res.status < 300) return new StepError(`Pipedrive answered success: false${detail}`, false);
  const err = statusStepError(res.status, res.headers, `${what}${detail}`);
  if (res.status === 429 && err.retryAfterMs === undefined) {
    const reset = Number(res.headers['x-ratelimit-reset']);
    return new StepError(err.message, true, Number.isFinite(reset) && reset > 0 ? reset * 1000 : 2000);
  }
  return err;
}
