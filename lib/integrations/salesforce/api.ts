import { withAccessToken } from '../../oauth2/get-access-token';
import { retryAfterMs } from '../../net/retry-after';
import { callVendor, type VendorResponse } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError, type StepContext } from '../../steps/types';

// Salesforce REST API (developer.salesforce.com/docs/atlas.en-us.api_rest.meta):
// every call goes to the org's own host, the `instance_url` of the token
// answer (kept as the connection's `instanceUrl`), with the OAuth access token
// as a Bearer token; withAccessToken refreshes it before it expires and once
// more when Salesforce answers 401 (INVALID_SESSION_ID). Errors are an array
// [{message, errorCode, fields}] (…/errorcodes.htm). 403 REQUEST_LIMIT_EXCEEDED
// means the org's API request limit is used up for now: retried later, as
// 5xx answers are; any other 4xx needs a person and fails for good.

export const SALESFORCE_API_VERSION = 'v66.0';

export type SalesforceCall = (method: string, path: string, body?: unknown) => Promise<VendorResponse & { json: any }>;

export async function salesforceApi(ctx: StepContext, connectionId: string): Promise<SalesforceCall> {
  const conn = await ctx.connection(connectionId, ['salesforce']);
  const instance = typeof conn.config.instanceUrl === 'string' ? conn.config.instanceUrl.replace(/\/+$/, '') : '';
  if (!/^https?:\/\/[^/]+$/i.test(instance))
    throw new StepError(
      'This Salesforce connection does not know its org’s address (instance URL): open Connections and click Reconnect.',
      false,
    );
  const base = `${instance}/services/data/${SALESFORCE_API_VERSION}`;
  return async (method, path, body) => {
    const res = await withAccessToken(ctx.workspaceId, conn.id, (token) =>
      callVendor({
        method,
        url: `${base}${path}`,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        json: body,
        signal: ctx.signal,
      }),
    );
    if (res.status >= 200 && res.status < 300) return res;
    throw salesforceError(res);
  };
}

type SalesforceError = { message?: string; errorCode?: string; fields?: string[]; duplicateResult?: unknown };

export const salesforceErrors = (res: VendorResponse): SalesforceError[] =>
  Array.isArray(res.json) ? res.json.filter((e: unknown) => e && typeof e === 'object') : [];

export function salesforceError(res: VendorResponse): StepError {
  const errors = salesforceErrors(res);
  const codes = new Set(errors.map((e) => e.errorCode));
  const detail = errors.length
    ? `: ${errors
        .map(
          (e) =>
            `${e.message ?? 'no message'} (${[e.errorCode, e.fields?.length ? e.fields.join(', ') : ''].filter(Boolean).join(': ')})`,
        )
        .join('; ')
        .slice(0, 600)}`
    : ` (HTTP ${res.status}${res.text ? `: ${res.text.replace(/\s+/g, ' ').slice(0, 200)}` : ''})`;
  if (codes.has('REQUEST_LIMIT_EXCEEDED'))
    return new StepError(`Salesforce API request limit reached${detail}`, true, retryAfterMs(res.headers));
  const what =
    res.status === 401
      ? 'Salesforce refused the access token even after a refresh'
      : res.status === 403
        ? 'The Salesforce user may not do this (permissions or API access)'
        : res.status === 404
          ? 'Salesforce found no such resource'
          : codes.has('DUPLICATES_DETECTED')
            ? 'Salesforce’s duplicate rules blocked the lead'
            : res.status >= 500
              ? 'Salesforce had trouble'
              : 'Salesforce refused the lead';
  return statusStepError(res.status, res.headers, `${what}${detail}`);
}
