import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHubspotUpsertContact } from '@/lib/integrations/hubspot/upsert-contact.run';
import { runSlackPostMessage } from '@/lib/integrations/slack/post-message.run';
import { runTwilioSendSms } from '@/lib/integrations/twilio/send-sms.run';
import { createConnection, rejection, runStep, stepContext } from '../helpers/step-context';
import { startRecordingServer } from '../helpers/recording-server';
import { createTenant, type Tenant } from '../helpers/tenant';

// Each vendor step against a local server that checks the request exactly as
// the vendor documents it and answers with the vendor's documented shapes.

let tenant: Tenant;
let vendor: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  tenant = await createTenant('vendor');
  vendor = await startRecordingServer(() => ({ status: 500 }));
});
afterAll(() => vendor.close());

const ctx = () => stepContext(tenant.workspaceId);

describe('slack.postMessage (incoming webhook)', () => {
  let conn: string;
  beforeAll(async () => {
    conn = await createConnection(tenant, 'slack', { webhookUrl: `${vendor.url}/services/T000/B000/XXXXSECRET` });
  });

  it('POSTs {"text"} as JSON to the webhook URL', async () => {
    vendor.reply(() => ({ status: 200, body: 'ok' }));
    expect(await runStep(runSlackPostMessage, { connection: conn, text: 'New lead: Ada' }, ctx())).toEqual({
      ok: true,
    });
    const [req] = vendor.requests;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/services/T000/B000/XXXXSECRET');
    expect(req!.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(req!.body)).toEqual({ text: 'New lead: Ada' });
  });

  it.each([
    [400, 'invalid_payload', /could not read the message/],
    [400, 'no_text', /message is empty/],
    [404, 'channel_not_found', /channel no longer exists/],
    [410, 'channel_is_archived', /archived/],
    [403, 'action_prohibited', /blocked/],
    [404, 'no_service', /removed or disabled/],
  ])('maps %i %s to a clear message, not retried', async (status, code, message) => {
    vendor.reply(() => ({ status, body: code }));
    const err = await rejection(runStep(runSlackPostMessage, { connection: conn, text: 'x' }, ctx()));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(code);
  });

  it('retries 429 after Retry-After, and 5xx', async () => {
    vendor.reply(() => ({ status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' }));
    const err = await rejection(runStep(runSlackPostMessage, { connection: conn, text: 'x' }, ctx()));
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(30_000);
    vendor.reply(() => ({ status: 503, body: 'service_unavailable' }));
    expect((await rejection(runStep(runSlackPostMessage, { connection: conn, text: 'x' }, ctx()))).retryable).toBe(
      true,
    );
  });
});

describe('twilio.sendSms (Messages API)', () => {
  const sid = 'AC0123456789abcdef0123456789abcdef';
  let conn: string;
  beforeAll(async () => {
    conn = await createConnection(tenant, 'twilio', {
      accountSid: sid,
      authToken: 'twilio-token-s3cret',
      fromNumber: '+15005550006',
      baseUrl: vendor.url,
    });
  });

  it('POSTs the form To, From, Body with basic auth SID:token and returns the sid', async () => {
    vendor.reply(() => ({
      status: 201,
      body: { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued', to: '+14155550100', body: 'Hi Ada' },
    }));
    const out = await runStep(runTwilioSendSms, { connection: conn, to: '+1 (415) 555-0100', body: 'Hi Ada' }, ctx());
    expect(out).toEqual({ sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' });
    const [req] = vendor.requests;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe(`/2010-04-01/Accounts/${sid}/Messages.json`);
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from(`${sid}:twilio-token-s3cret`).toString('base64')}`);
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(req!.body))).toEqual({
      To: '+14155550100',
      From: '+15005550006',
      Body: 'Hi Ada',
    });
  });

  it('reports Twilio’s error JSON {code, message, more_info, status}; 400 not retried', async () => {
    vendor.reply(() => ({
      status: 400,
      body: {
        code: 21211,
        message: "The 'To' number +1555 is not a valid phone number.",
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      },
    }));
    const err = await rejection(runStep(runTwilioSendSms, { connection: conn, to: '+15555555555', body: 'x' }, ctx()));
    expect(err.retryable).toBe(false);
    expect(err.message).toContain("The 'To' number +1555 is not a valid phone number.");
    expect(err.message).toContain('21211');
    expect(err.message).toContain('https://www.twilio.com/docs/errors/21211');
  });

  it('401 names the credentials; 429 retried with Retry-After', async () => {
    vendor.reply(() => ({
      status: 401,
      body: {
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      },
    }));
    const auth = await rejection(runStep(runTwilioSendSms, { connection: conn, to: '+14155550100', body: 'x' }, ctx()));
    expect(auth.retryable).toBe(false);
    expect(auth.message).toContain('Account SID or auth token');
    vendor.reply(() => ({
      status: 429,
      headers: { 'retry-after': '5' },
      body: { code: 20429, message: 'Too Many Requests', status: 429 },
    }));
    const slow = await rejection(runStep(runTwilioSendSms, { connection: conn, to: '+14155550100', body: 'x' }, ctx()));
    expect(slow.retryable).toBe(true);
    expect(slow.retryAfterMs).toBe(5000);
  });

  it('refuses a "to" that is not a phone number without calling Twilio', async () => {
    vendor.reply(() => ({ status: 201, body: { sid: 'SMx' } }));
    const err = await rejection(runStep(runTwilioSendSms, { connection: conn, to: 'call me', body: 'x' }, ctx()));
    expect(err.retryable).toBe(false);
    expect(vendor.requests).toHaveLength(0);
  });
});

describe('hubspot.upsertContact (CRM v3)', () => {
  let conn: string;
  beforeAll(async () => {
    conn = await createConnection(tenant, 'hubspot', { accessToken: 'pat-na1-s3cret', baseUrl: vendor.url });
  });
  const searchBody = {
    filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'ada@example.test' }] }],
    properties: ['email'],
    limit: 1,
  };

  it('creates a contact when the search finds none', async () => {
    vendor.reply((r) =>
      r.path.endsWith('/search')
        ? { status: 200, body: { total: 0, results: [] } }
        : { status: 201, body: { id: '501', properties: {} } },
    );
    const out = await runStep(
      runHubspotUpsertContact,
      { connection: conn, email: 'Ada@Example.test', properties: { firstname: 'Ada', company: 'Acme' } },
      ctx(),
    );
    expect(out).toEqual({ id: '501', created: true });
    const [search, create] = vendor.requests;
    expect(search!.method).toBe('POST');
    expect(search!.path).toBe('/crm/v3/objects/contacts/search');
    expect(search!.headers.authorization).toBe('Bearer pat-na1-s3cret');
    expect(JSON.parse(search!.body)).toEqual(searchBody);
    expect(create!.method).toBe('POST');
    expect(create!.path).toBe('/crm/v3/objects/contacts');
    expect(create!.headers.authorization).toBe('Bearer pat-na1-s3cret');
    expect(JSON.parse(create!.body)).toEqual({
      properties: { firstname: 'Ada', company: 'Acme', email: 'ada@example.test' },
    });
  });

  it('updates the contact the search finds', async () => {
    vendor.reply((r) =>
      r.path.endsWith('/search')
        ? { status: 200, body: { total: 1, results: [{ id: '777', properties: { email: 'ada@example.test' } }] } }
        : { status: 200, body: { id: '777', properties: {} } },
    );
    const out = await runStep(
      runHubspotUpsertContact,
      { connection: conn, email: 'ada@example.test', properties: { firstname: 'Ada' } },
      ctx(),
    );
    expect(out).toEqual({ id: '777', created: false });
    const update = vendor.requests[1]!;
    expect(update.method).toBe('PATCH');
    expect(update.path).toBe('/crm/v3/objects/contacts/777');
    expect(JSON.parse(update.body)).toEqual({ properties: { firstname: 'Ada' } });
  });

  it('a 409 "already exists" on create updates the existing contact', async () => {
    vendor.reply((r) =>
      r.path.endsWith('/search')
        ? { status: 200, body: { total: 0, results: [] } }
        : r.method === 'POST'
          ? {
              status: 409,
              body: {
                status: 'error',
                message: 'Contact already exists. Existing ID: 888',
                correlationId: 'c-1',
                category: 'CONFLICT',
              },
            }
          : { status: 200, body: { id: '888' } },
    );
    const out = await runStep(
      runHubspotUpsertContact,
      { connection: conn, email: 'ada@example.test', properties: { firstname: 'Ada' } },
      ctx(),
    );
    expect(out).toEqual({ id: '888', created: false });
    expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /crm/v3/objects/contacts/search',
      'POST /crm/v3/objects/contacts',
      'PATCH /crm/v3/objects/contacts/888',
    ]);
  });

  it('reports HubSpot’s error JSON; 401 and 400 are not retried', async () => {
    vendor.reply(() => ({
      status: 401,
      body: {
        status: 'error',
        message: 'Authentication credentials not found.',
        correlationId: 'abc-123',
        category: 'INVALID_AUTHENTICATION',
      },
    }));
    const err = await rejection(
      runStep(runHubspotUpsertContact, { connection: conn, email: 'ada@example.test' }, ctx()),
    );
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('HubSpot refused the access token');
    expect(err.message).toContain('Authentication credentials not found.');
    expect(err.message).toContain('abc-123');
    vendor.reply((r) =>
      r.path.endsWith('/search')
        ? { status: 200, body: { total: 0, results: [] } }
        : {
            status: 400,
            body: {
              status: 'error',
              message: 'Property values were not valid',
              correlationId: 'x',
              category: 'VALIDATION_ERROR',
            },
          },
    );
    const bad = await rejection(
      runStep(
        runHubspotUpsertContact,
        { connection: conn, email: 'ada@example.test', properties: { nope: '1' } },
        ctx(),
      ),
    );
    expect(bad.retryable).toBe(false);
    expect(bad.message).toContain('Property values were not valid');
  });

  it('429 is retried after the rate-limit window (Retry-After, else X-HubSpot-RateLimit headers)', async () => {
    vendor.reply(() => ({
      status: 429,
      headers: { 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'x-hubspot-ratelimit-remaining': '0' },
      body: {
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        correlationId: 'r',
        category: 'RATE_LIMITS',
      },
    }));
    const err = await rejection(
      runStep(runHubspotUpsertContact, { connection: conn, email: 'ada@example.test' }, ctx()),
    );
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(10_000);
    vendor.reply(() => ({
      status: 429,
      headers: { 'retry-after': '3' },
      body: { status: 'error', message: 'slow', category: 'RATE_LIMITS' },
    }));
    expect(
      (await rejection(runStep(runHubspotUpsertContact, { connection: conn, email: 'ada@example.test' }, ctx())))
        .retryAfterMs,
    ).toBe(3000);
  });
});
