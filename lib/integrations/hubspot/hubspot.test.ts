import '@/tests/helpers/own-database';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { oauthStandIn } from '@/tests/helpers/oauth-standin';
import { connectAccount, startOwnStack, type OwnStack } from '@/tests/helpers/own-stack';
import type { Recorded, Reply } from '@/tests/helpers/recording-server';
import type { Tenant } from '@/tests/helpers/tenant';
import {
  appTenant,
  createConnection,
  json,
  runOneStep,
  startVendor,
  type Vendor,
} from '@/tests/helpers/vendor-harness';

// hubspot.upsertContact with either connection: a HubSpot sign-in (OAuth,
// `hubspot_oauth`) or a private app token (`hubspot`). HubSpot as documented:
//   OAuth (developers.hubspot.com/docs/api/oauth-quickstart-guide): GET app.hubspot.com/oauth/authorize,
//     POST api.hubapi.com/oauth/v1/token (form) → {token_type: "bearer", refresh_token, access_token,
//     expires_in: 1800}; the same for grant_type=refresh_token.
//   CRM contacts v3 (developers.hubspot.com/docs/api/crm/contacts): POST /crm/v3/objects/contacts/search
//     → {total, results: [{id, properties}]} (search is eventually consistent: new contacts appear
//     after a few seconds), POST /crm/v3/objects/contacts → 201 {id, properties}, or 409 "Contact
//     already exists. Existing ID: …"; PATCH /crm/v3/objects/contacts/{id}.
//   Errors {status: "error", message, correlationId, category}; 401 EXPIRED_AUTHENTICATION for an
//   expired OAuth token; 429 with X-HubSpot-RateLimit-* headers (and Retry-After at times).
// The suite's worker has no HubSpot client id, so this file runs a web
// process and worker of its own with HUBSPOT_* (and OAUTH_HUBSPOT_API_URL)
// pointed at the stand-in.

const CLIENT_ID = '5f1a7c2e-hubspot-client';
const CLIENT_SECRET = 'hubspot-client-secret-0123456789';
const PRIVATE_TOKEN = 'pat-na1-0000-private';

let vendor: Vendor;
let stack: OwnStack;
let t: Tenant;
let conn: string;

type Contact = { id: string; properties: Record<string, string>; at: number };
let contacts: Contact[] = [];
/** How long a new contact stays invisible to search. */
let searchLagMs = 0;

const hs = oauthStandIn({
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  authorizePath: '/oauth/authorize',
  tokenPath: '/oauth/v1/token',
  answer: (tokens, grant) => ({
    token_type: 'bearer',
    refresh_token: grant === 'refresh_token' ? sameRefreshToken() : (tokens.refresh_token ?? 'missing-refresh-token'),
    access_token: tokens.access_token,
    expires_in: 1800,
  }),
});
// HubSpot answers a refresh with the refresh token it was given (it does not rotate them).
const sameRefreshToken = () => hs.tokenCalls.at(-1)!.get('refresh_token');

const error = (status: number, category: string, message: string, headers?: Record<string, string>): Reply => ({
  status,
  headers,
  body: { status: 'error', message, correlationId: 'aeb5f871-7f07-4993-9211-075dc63e7cbf', category },
});

const authorized = (r: Recorded) =>
  hs.valid(r.headers.authorization) || r.headers.authorization === `Bearer ${PRIVATE_TOKEN}`;

/** A small HubSpot: contacts in memory, a search index that lags, requests checked as documented. */
function hubspot(r: Recorded): Reply {
  const oauth = hs.handle(r);
  if (oauth) return oauth;
  if (!authorized(r))
    return error(401, 'EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired 2 minute(s) ago.');
  const url = new URL(r.path, 'http://x');
  if (!String(r.headers['content-type']).startsWith('application/json'))
    return error(415, 'VALIDATION_ERROR', 'Unsupported Media Type');
  if (r.method === 'POST' && url.pathname === '/crm/v3/objects/contacts/search') {
    const b = json(r);
    const f = b.filterGroups?.[0]?.filters?.[0];
    if (f?.propertyName !== 'email' || f.operator !== 'EQ') return error(400, 'VALIDATION_ERROR', 'bad filter');
    const results = contacts
      .filter((c) => c.properties.email === f.value && Date.now() - c.at >= searchLagMs)
      .map((c) => ({ id: c.id, properties: { email: c.properties.email }, archived: false }));
    return { status: 200, body: { total: results.length, results: results.slice(0, b.limit) } };
  }
  if (r.method === 'POST' && url.pathname === '/crm/v3/objects/contacts') {
    const { properties } = json(r);
    if (properties.lifecyclestage === 'nonsense')
      return error(400, 'VALIDATION_ERROR', 'Property values were not valid: lifecyclestage "nonsense"');
    const same = contacts.find((c) => c.properties.email === properties.email);
    if (same) return error(409, 'CONFLICT', `Contact already exists. Existing ID: ${same.id}`);
    const c = { id: String(501 + contacts.length), properties, at: Date.now() };
    contacts.push(c);
    return { status: 201, body: { id: c.id, properties, archived: false } };
  }
  const m = /^\/crm\/v3\/objects\/contacts\/(\d+)$/.exec(url.pathname);
  if (r.method === 'PATCH' && m) {
    const c = contacts.find((x) => x.id === m[1]);
    if (!c) return error(404, 'OBJECT_NOT_FOUND', 'resource not found');
    Object.assign(c.properties, json(r).properties);
    return { status: 200, body: { id: c.id, properties: c.properties, archived: false } };
  }
  return error(404, 'OBJECT_NOT_FOUND', 'resource not found');
}

beforeAll(async () => {
  vendor = await startVendor();
  vendor.reply(hubspot);
  stack = await startOwnStack({
    HUBSPOT_CLIENT_ID: CLIENT_ID,
    HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
    OAUTH_HUBSPOT_AUTHORIZE_URL: `${vendor.url}/oauth/authorize`,
    OAUTH_HUBSPOT_TOKEN_URL: `${vendor.url}/oauth/v1/token`,
    OAUTH_HUBSPOT_API_URL: vendor.url,
  });
  t = await appTenant('hubspot');
  conn = await connectAccount(stack, t, 'hubspot', 'Marketing HubSpot');
});
beforeEach(() => {
  contacts = [];
  searchLagMs = 0;
});
afterAll(async () => {
  await vendor?.close();
  await db.$disconnect();
  await stack?.stop();
});

const node = (connection = conn, properties: Record<string, string> = { firstname: '{{ trigger.body.first }}' }) => ({
  type: 'hubspot.upsertContact',
  config: { connection, email: '{{ trigger.body.email }}', properties },
});
const event = { email: 'Ada@Example.test', first: 'Ada' };
const calls = () => vendor.requests.map((r) => `${r.method} ${new URL(r.path, 'http://x').pathname}`);

describe('hubspot.upsertContact with a HubSpot sign-in (OAuth)', () => {
  it('sends the OAuth access token as Bearer to the same contacts endpoints', async () => {
    expect((await db.connection.findUniqueOrThrow({ where: { id: conn } })).type).toBe('hubspot_oauth');
    vendor.reply(hubspot);
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step.output).toEqual({ id: '501', created: true });
    expect(calls()).toEqual(['POST /crm/v3/objects/contacts/search', 'POST /crm/v3/objects/contacts']);
    for (const r of vendor.requests) expect(r.headers.authorization).toMatch(/^Bearer access-1-/);
    expect(json(vendor.requests[0]!)).toEqual({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'ada@example.test' }] }],
      properties: ['email'],
      limit: 1,
    });
    expect(json(vendor.requests[1]!)).toEqual({ properties: { firstname: 'Ada', email: 'ada@example.test' } });
  });

  it('an expired token (401 EXPIRED_AUTHENTICATION) is refreshed once and the call repeated', async () => {
    hs.rejectAll();
    const before = hs.tokenCalls.length;
    vendor.reply(hubspot);
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(hs.tokenCalls.length).toBe(before + 1);
    expect(Object.fromEntries(hs.tokenCalls.at(-1)!)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: expect.stringMatching(/^refresh-/),
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(calls()).toEqual([
      'POST /crm/v3/objects/contacts/search',
      'POST /oauth/v1/token',
      'POST /crm/v3/objects/contacts/search',
      'POST /crm/v3/objects/contacts',
    ]);
    expect(vendor.requests[2]!.headers.authorization).not.toBe(vendor.requests[0]!.headers.authorization);
  });

  it('a 500 after HubSpot stored the contact: the retry (search not caught up) updates it, nothing doubles', async () => {
    searchLagMs = 60_000;
    vendor.reply((r) => {
      const answer = hubspot(r);
      return r.method === 'POST' && r.path === '/crm/v3/objects/contacts' && answer.status === 201
        ? error(500, 'INTERNAL_ERROR', 'internal error')
        : answer;
    });
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(step.output).toEqual({ id: '501', created: false });
    expect(contacts).toHaveLength(1);
    expect(calls().slice(2)).toEqual([
      'POST /crm/v3/objects/contacts/search',
      'POST /crm/v3/objects/contacts',
      'PATCH /crm/v3/objects/contacts/501',
    ]);
  });

  it('a 429 waits for Retry-After, then goes on', async () => {
    let limited = false;
    vendor.reply((r) => {
      if (!limited && r.path === '/crm/v3/objects/contacts/search') {
        limited = true;
        return error(429, 'RATE_LIMITS', 'You have reached your secondly limit.', {
          'retry-after': '1',
          'x-hubspot-ratelimit-secondly': '10',
          'x-hubspot-ratelimit-secondly-remaining': '0',
        });
      }
      return hubspot(r);
    });
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(vendor.requests[1]!.at - vendor.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(contacts).toHaveLength(1);
  });

  it('a 400 fails the step at once with HubSpot’s message and category', async () => {
    vendor.reply(hubspot);
    const { run, step } = await runOneStep(t, node(conn, { lifecyclestage: 'nonsense' }), event);
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('HubSpot refused the request: Property values were not valid');
    expect(step.error).toContain('VALIDATION_ERROR');
  });
});

describe('hubspot.upsertContact with a private app token', () => {
  it('still works: the typed-in token, the connection’s base URL', async () => {
    const pat = await createConnection(t, 'hubspot', { accessToken: PRIVATE_TOKEN, baseUrl: vendor.url });
    vendor.reply(hubspot);
    const { run, step } = await runOneStep(t, node(pat), event);
    expect(run.status).toBe('succeeded');
    expect(step.output).toEqual({ id: '501', created: true });
    for (const r of vendor.requests) expect(r.headers.authorization).toBe(`Bearer ${PRIVATE_TOKEN}`);
  });
});
