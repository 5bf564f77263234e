import { mergeSecret } from '../../connections/split-secret';
import { withAccessToken } from '../../oauth2/get-access-token';
import { oauthApiUrl } from '../../oauth2/api-url';
import { callVendor, vendorBase, type VendorResponse } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError, type StepContext } from '../../steps/types';

// HubSpot's API with either connection: a private app's access token
// (`hubspot`, typed in) or an OAuth app's (`hubspot_oauth`, signed in; the
// token comes from withAccessToken, which refreshes it before it expires and
// once more when HubSpot answers 401). Both are sent as a Bearer token to the
// same endpoints. Errors are JSON {status:"error", message, correlationId, category}.

export const HUBSPOT_API = 'https://api.hubapi.com';
export const HUBSPOT_CONNECTION_TYPES = ['hubspot', 'hubspot_oauth'];

export type HubspotCall = (method: string, path: string, body?: unknown, accept?: number[]) => Promise<VendorResponse>;

export async function hubspotApi(ctx: StepContext, connectionId: string): Promise<HubspotCall> {
  const conn = await ctx.connection(connectionId, HUBSPOT_CONNECTION_TYPES);
  const oauth = conn.type === 'hubspot_oauth';
  let base: string;
  let send: (call: (token: string) => Promise<VendorResponse>) => Promise<VendorResponse>;
  if (oauth) {
    base = oauthApiUrl(conn.type, HUBSPOT_API).replace(/\/+$/, '');
    send = (call) => withAccessToken(ctx.workspaceId, conn.id, call);
  } else {
    const s = mergeSecret(conn.config, conn.secret) as { accessToken: string; baseUrl?: string };
    base = vendorBase(s.baseUrl, HUBSPOT_API);
    send = (call) => call(s.accessToken);
  }
  return async (method, path, body, accept = []) => {
    const res = await send((token) =>
      callVendor({
        method,
        url: `${base}${path}`,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        json: body,
        signal: ctx.signal,
      }),
    );
    if ((res.status >= 200 && res.status < 300) || accept.includes(res.status)) return res;
    throw hubspotError(res, oauth);
  };
}

export function hubspotError(res: VendorResponse, oauth = false): StepError {
  const e = res.json ?? {};
  const why = e.message
    ? `${e.message}${e.category ? ` (${e.category}` : ''}${e.correlationId ? `, correlation id ${e.correlationId})` : e.category ? ')' : ''}`
    : `HTTP ${res.status}`;
  const what =
    res.status === 401
      ? oauth
        ? 'HubSpot refused the access token even after a refresh'
        : 'HubSpot refused the access token'
      : res.status === 403
        ? oauth
          ? 'The HubSpot app lacks the contacts scope'
          : 'The HubSpot private app lacks the contacts scope'
        : res.status === 429
          ? 'HubSpot rate limit reached'
          : 'HubSpot refused the request';
  const err = statusStepError(res.status, res.headers, `${what}: ${why}`);
  if (res.status === 429 && err.retryAfterMs === undefined) {
    // No Retry-After: wait out the window HubSpot reports (10 s daily/burst windows, 1 s secondly).
    const secondly = res.headers['x-hubspot-ratelimit-secondly-remaining'] === '0';
    const interval = Number(res.headers['x-hubspot-ratelimit-interval-milliseconds']);
    return new StepError(
      err.message,
      true,
      secondly ? 1000 : Number.isFinite(interval) && interval > 0 ? interval : 10_000,
    );
  }
  return err;
}
