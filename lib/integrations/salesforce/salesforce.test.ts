import '@/tests/helpers/own-database';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { oauthStandIn } from '@/tests/helpers/oauth-standin';
import { connectAccount, startOwnStack, type OwnStack } from '@/tests/helpers/own-stack';
import type { Recorded, Reply } from '@/tests/helpers/recording-server';
import type { Tenant } from '@/tests/helpers/tenant';
import { appTenant, json, runOneStep, startVendor, type Vendor } from '@/tests/helpers/vendor-harness';

// Salesforce as documented (developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/):
//   OAuth 2.0 web server flow (…/intro_oauth_and_connected_apps.htm): GET /services/oauth2/authorize,
//     POST /services/oauth2/token (form) → {access_token, refresh_token, signature, scope,
//     instance_url, id, token_type, issued_at}; a refresh answers the same without refresh_token.
//   dome_query.htm: GET /services/data/vXX.X/query?q=<SOQL> → {totalSize, done, records: [{attributes, Id}]}
//   dome_sobject_create.htm: POST /services/data/vXX.X/sobjects/Lead (JSON) → 201 {id, errors: [], success: true}
//   errorcodes.htm: errors are [{message, errorCode, fields}]; 401 INVALID_SESSION_ID;
//     403 REQUEST_LIMIT_EXCEEDED when the org's API limit is used up.
// The suite's worker has no Salesforce client id, so this file runs a web
// process and worker of its own with SALESFORCE_* pointed at the stand-in.

const CLIENT_ID = '3MVG9-salesforce-consumer-key';
const CLIENT_SECRET = 'sf-consumer-secret-0123456789';
const API = '/services/data/v66.0';
const QUERY =
  /^SELECT Id FROM Lead WHERE Email = '((?:[^'\\]|\\.)*)' AND IsConverted = false ORDER BY CreatedDate DESC LIMIT 1$/;
const LEAD_FIELDS = ['FirstName', 'LastName', 'Email', 'Company', 'Phone', 'LeadSource', 'Title', 'Description'];

let vendor: Vendor;
let stack: OwnStack;
let t: Tenant;
let conn: string;

type Lead = { Id: string; Email: string; IsConverted: boolean; [k: string]: unknown };
let leads: Lead[] = [];

const sf = oauthStandIn({
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  authorizePath: '/services/oauth2/authorize',
  tokenPath: '/services/oauth2/token',
  answer: (tokens) => ({
    ...tokens,
    signature: 'CMJ4l+CCaPQiKjoOEwEig9H4wqhpuLSk4J2urAe+fVg=',
    scope: 'refresh_token api',
    instance_url: vendor.url,
    id: 'https://login.salesforce.com/id/00Dx0000000BV7z/005x00000012Q9P',
    token_type: 'Bearer',
    issued_at: String(Date.now()),
  }),
});

const fail = (status: number, errorCode: string, message: string, fields?: string[]): Reply => ({
  status,
  body: [{ message, errorCode, ...(fields ? { fields } : {}) }],
});

/** A small Salesforce org: leads in memory, requests checked as documented. */
function salesforce(r: Recorded): Reply {
  const oauth = sf.handle(r);
  if (oauth) return oauth;
  if (!sf.valid(r.headers.authorization)) return fail(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  const url = new URL(r.path, 'http://x');
  if (r.method === 'GET' && url.pathname === `${API}/query`) {
    const m = QUERY.exec(url.searchParams.get('q') ?? '');
    if (!m) return fail(400, 'MALFORMED_QUERY', `unexpected query: ${url.searchParams.get('q')}`);
    const email = m[1]!.replace(/\\(.)/g, '$1').toLowerCase();
    const found = leads.filter((l) => l.Email.toLowerCase() === email && !l.IsConverted).slice(-1);
    return {
      status: 200,
      body: {
        totalSize: found.length,
        done: true,
        records: found.map((l) => ({ attributes: { type: 'Lead', url: `${API}/sobjects/Lead/${l.Id}` }, Id: l.Id })),
      },
    };
  }
  if (r.method === 'POST' && url.pathname === `${API}/sobjects/Lead`) {
    if (!String(r.headers['content-type']).startsWith('application/json'))
      return fail(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content type not supported');
    const b = json(r);
    for (const k of Object.keys(b))
      if (!LEAD_FIELDS.includes(k)) return fail(400, 'INVALID_FIELD', `No such column '${k}' on sobject of type Lead`);
    const missing = ['LastName', 'Company'].filter((k) => typeof b[k] !== 'string' || !b[k]);
    if (missing.length)
      return fail(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    const lead = { ...b, Id: `00Q5e00000Ab${String(leads.length).padStart(4, '0')}AA`, IsConverted: false };
    leads.push(lead);
    return { status: 201, body: { id: lead.Id, errors: [], success: true } };
  }
  return fail(404, 'NOT_FOUND', 'The requested resource does not exist');
}

beforeAll(async () => {
  vendor = await startVendor();
  vendor.reply(salesforce);
  stack = await startOwnStack({
    SALESFORCE_CLIENT_ID: CLIENT_ID,
    SALESFORCE_CLIENT_SECRET: CLIENT_SECRET,
    OAUTH_SALESFORCE_AUTHORIZE_URL: `${vendor.url}/services/oauth2/authorize`,
    OAUTH_SALESFORCE_TOKEN_URL: `${vendor.url}/services/oauth2/token`,
  });
  t = await appTenant('salesforce');
  conn = await connectAccount(stack, t, 'salesforce', 'Sales org');
});
beforeEach(() => {
  leads = [];
});
afterAll(async () => {
  await vendor?.close();
  await db.$disconnect();
  await stack?.stop();
});

const node = (config: Record<string, unknown> = {}) => ({
  type: 'salesforce.createLead',
  config: {
    connection: conn,
    email: '{{ trigger.body.email }}',
    firstName: '{{ trigger.body.first }}',
    lastName: '{{ trigger.body.last }}',
    company: '{{ trigger.body.company }}',
    phone: '{{ trigger.body.phone }}',
    leadSource: 'Web',
    fields: { Description: 'Asked for a demo' },
    ...config,
  },
});
const event = {
  email: 'Ada@Example.test',
  first: 'Ada',
  last: 'Lovelace',
  company: 'Analytical Engines',
  phone: '+44 20 7946 0000',
};
const calls = () => vendor.requests.map((r) => `${r.method} ${new URL(r.path, 'http://x').pathname.replace(API, '')}`);

describe('salesforce.createLead with a signed-in Salesforce connection', () => {
  it('Connect stores the org’s instance URL; the step looks up the email, then creates the lead', async () => {
    const stored = await db.connection.findUniqueOrThrow({ where: { id: conn } });
    expect(stored.type).toBe('salesforce');
    expect(stored.config).toMatchObject({ provider: 'salesforce', instanceUrl: vendor.url });
    const code = sf.tokenCalls.find((p) => p.get('grant_type') === 'authorization_code')!;
    expect(code.get('redirect_uri')).toBe(`${stack.url}/api/oauth2/callback`);

    vendor.reply(salesforce);
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step.output).toEqual({ id: leads[0]!.Id, created: true });
    expect(calls()).toEqual(['GET /query', 'POST /sobjects/Lead']);
    for (const r of vendor.requests) expect(r.headers.authorization).toMatch(/^Bearer access-1-/);
    expect(new URL(vendor.requests[0]!.path, 'http://x').searchParams.get('q')).toBe(
      "SELECT Id FROM Lead WHERE Email = 'ada@example.test' AND IsConverted = false ORDER BY CreatedDate DESC LIMIT 1",
    );
    expect(json(vendor.requests[1]!)).toEqual({
      Description: 'Asked for a demo',
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: 'ada@example.test',
      Company: 'Analytical Engines',
      Phone: '+44 20 7946 0000',
      LeadSource: 'Web',
    });
  });

  it('an open lead with the email is reused; a converted one is not; empty last name and company get defaults', async () => {
    leads = [{ Id: '00Q5e00000Zz0001AA', Email: 'ada@example.test', IsConverted: true }];
    vendor.reply(salesforce);
    const bare = { email: "o'brien@example.test" };
    const first = await runOneStep(t, node(), bare);
    expect(first.step.output).toEqual({ id: leads[1]!.Id, created: true });
    expect(json(vendor.requests[1]!)).toEqual({
      Description: 'Asked for a demo',
      LastName: "o'brien@example.test",
      Email: "o'brien@example.test",
      Company: '[not provided]',
      LeadSource: 'Web',
    });
    expect(new URL(vendor.requests[0]!.path, 'http://x').searchParams.get('q')).toContain(
      "Email = 'o\\'brien@example.test'",
    );
    const again = await runOneStep(t, node(), bare);
    expect(again.step.output).toEqual({ id: leads[1]!.Id, created: false });
    const converted = await runOneStep(t, node(), event);
    expect(converted.step.output).toMatchObject({ created: true });
    expect(leads).toHaveLength(3);
  });

  it('a 500 after Salesforce stored the lead: the retry finds it, nothing doubles', async () => {
    vendor.reply((r) => {
      const answer = salesforce(r);
      return r.method === 'POST' && answer.status === 201
        ? fail(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId: 1234-5678')
        : answer;
    });
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(step.output).toEqual({ id: leads[0]!.Id, created: false });
    expect(leads).toHaveLength(1);
    expect(calls()).toEqual(['GET /query', 'POST /sobjects/Lead', 'GET /query']);
  });

  it('a 400 (a field Salesforce does not know) fails at once with Salesforce’s message, code and fields', async () => {
    vendor.reply(salesforce);
    const { run, step } = await runOneStep(t, node({ fields: { Budget__c: '5000' } }), event);
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain(
      "Salesforce refused the lead: No such column 'Budget__c' on sobject of type Lead (INVALID_FIELD)",
    );
    expect(leads).toHaveLength(0);
  });

  it('duplicate rules blocking the insert (DUPLICATES_DETECTED) fail the step for good, saying so', async () => {
    vendor.reply((r) =>
      r.method === 'POST' ? fail(400, 'DUPLICATES_DETECTED', 'Use one of these records?') : salesforce(r),
    );
    const { step } = await runOneStep(t, node(), event);
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain(
      'Salesforce’s duplicate rules blocked the lead: Use one of these records? (DUPLICATES_DETECTED)',
    );
  });

  it('403 REQUEST_LIMIT_EXCEEDED is retried, then the lead is created once', async () => {
    let limited = false;
    vendor.reply((r) => {
      if (!limited && r.path.startsWith(`${API}/query`)) {
        limited = true;
        return fail(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      }
      return salesforce(r);
    });
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(leads).toHaveLength(1);
  });

  it('401 INVALID_SESSION_ID: the token is refreshed once and the call repeated with the new one', async () => {
    sf.rejectAll();
    const refreshesBefore = sf.tokenCalls.filter((p) => p.get('grant_type') === 'refresh_token').length;
    vendor.reply(salesforce);
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    const refreshes = sf.tokenCalls.filter((p) => p.get('grant_type') === 'refresh_token');
    expect(refreshes).toHaveLength(refreshesBefore + 1);
    expect(Object.fromEntries(refreshes.at(-1)!)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: expect.stringMatching(/^refresh-/),
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(calls()).toEqual(['GET /query', 'POST /services/oauth2/token', 'GET /query', 'POST /sobjects/Lead']);
    const [stale, , fresh, create] = vendor.requests;
    expect(fresh!.headers.authorization).not.toBe(stale!.headers.authorization);
    expect(create!.headers.authorization).toBe(fresh!.headers.authorization);
    expect(leads).toHaveLength(1);
  });
});
