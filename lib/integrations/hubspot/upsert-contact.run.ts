import { callVendor, vendorBase, type VendorResponse } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { isEmail } from '../../steps/is-email';
import { StepError, type StepContext } from '../../steps/types';
import { hubspotUpsertContact } from './upsert-contact';
import { connectionSettings, defineRun } from '../define-server';
import { hubspotConnection } from './app';

// HubSpot CRM v3 contacts: search by email, then PATCH the match or POST a
// new one. Errors are JSON {status:"error", message, correlationId, category}.

export const runHubspotUpsertContact = defineRun(hubspotUpsertContact, async (config, ctx) => {
  const email = config.email.trim().toLowerCase();
  if (!isEmail(email)) throw new StepError(`"${config.email.slice(0, 200)}" is not a valid email address`, false);
  const conn = await connectionSettings(ctx, hubspotConnection, config.connection);
  const api = hubspotApi(vendorBase(conn.baseUrl, 'https://api.hubapi.com'), conn.accessToken, ctx);
  const properties = Object.fromEntries(
    Object.entries(config.properties ?? {}).filter(([k, v]) => k.trim() && v !== ''),
  );

  const search = await api('POST', '/crm/v3/objects/contacts/search', {
    filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }],
    properties: ['email'],
    limit: 1,
  });
  const existing = search.json?.results?.[0]?.id as string | undefined;
  if (existing) {
    await api('PATCH', `/crm/v3/objects/contacts/${encodeURIComponent(existing)}`, { properties });
    return { id: existing, created: false };
  }
  const create = await api('POST', '/crm/v3/objects/contacts', { properties: { ...properties, email } }, [409]);
  if (create.status === 409) {
    // Created meanwhile (search is eventually consistent): update that one.
    const id = /Existing ID:\s*(\d+)/i.exec(create.json?.message ?? '')?.[1];
    if (!id) throw hubspotError(create);
    await api('PATCH', `/crm/v3/objects/contacts/${id}`, { properties });
    return { id, created: false };
  }
  return { id: String(create.json?.id), created: true };
});

function hubspotApi(base: string, token: string, ctx: StepContext) {
  return async (method: string, path: string, body: unknown, accept: number[] = []): Promise<VendorResponse> => {
    const res = await callVendor({
      method,
      url: `${base}${path}`,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      json: body,
      signal: ctx.signal,
    });
    if ((res.status >= 200 && res.status < 300) || accept.includes(res.status)) return res;
    throw hubspotError(res);
  };
}

function hubspotError(res: VendorResponse): StepError {
  const e = res.json ?? {};
  const why = e.message
    ? `${e.message}${e.category ? ` (${e.category}` : ''}${e.correlationId ? `, correlation id ${e.correlationId})` : e.category ? ')' : ''}`
    : `HTTP ${res.status}`;
  const what =
    res.status === 401
      ? 'HubSpot refused the access token'
      : res.status === 403
        ? 'The HubSpot private app lacks the contacts scope'
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
