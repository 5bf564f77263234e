import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Recorded, Reply } from '@/tests/helpers/recording-server';
import type { Tenant } from '@/tests/helpers/tenant';
import {
  appTenant,
  checkConnection,
  createConnection,
  json,
  runOneStep,
  startVendor,
  type Vendor,
} from '@/tests/helpers/vendor-harness';

// Attio REST API v2 as documented:
//   https://docs.attio.com/rest-api/endpoint-reference/people/list-person-records
//     (POST /v2/objects/people/records/query {filter, limit} → {data: [record]})
//   https://docs.attio.com/rest-api/endpoint-reference/people/update-a-person-record
//     (PATCH /v2/objects/people/records/{record_id} {data: {values}}; multiselect values are added)
//   https://docs.attio.com/rest-api/endpoint-reference/people/upsert-a-person-record
//     (PUT /v2/objects/people/records?matching_attribute=email_addresses {data: {values}};
//      multiselect values are overwritten; → {data: record})
//   record: {id: {workspace_id, object_id, record_id}, created_at, web_url, values}; name values
//     [{first_name, last_name, full_name}], email values [{email_address}]
//   https://docs.attio.com/rest-api/guides/rate-limiting (429, Retry-After as an HTTP date,
//     {status_code, type: "rate_limit_error", code: "rate_limit_exceeded", message})
//   https://docs.attio.com/rest-api/endpoint-reference/meta/identify (GET /v2/self)
//   Authorization: Bearer <access token>

const TOKEN = 'attio-token-s3cret';
const WS = '14beef7a-99f7-4534-a87e-70b564330a4c';
const OBJ = '97052eb9-e65e-443f-a297-f2d9a4a7f795';
let t: Tenant;
let vendor: Vendor;
let conn: string;

type Person = { id: string; emails: string[]; name?: { first_name: string; last_name: string; full_name: string } };
let people: Person[] = [];

const error = (status: number, type: string, code: string, message: string): Reply => ({
  status,
  body: { status_code: status, type, code, message },
});

const record = (p: Person) => ({
  id: { workspace_id: WS, object_id: OBJ, record_id: p.id },
  created_at: '2026-12-04T13:22:49.061281000Z',
  web_url: `https://app.attio.com/acme/person/${p.id}`,
  values: {
    email_addresses: p.emails.map((e) => ({
      active_from: '2026-12-04T13:22:49.061281000Z',
      active_until: null,
      created_by_actor: { type: 'api-token', id: null },
      original_email_address: e,
      email_address: e,
      email_domain: e.split('@')[1],
      attribute_type: 'email-address',
    })),
    name: p.name ? [{ ...p.name, attribute_type: 'personal-name' }] : [],
  },
});

/** Checks a name value as Attio writes it: first, last and full name, all strings. */
const nameOf = (values: any): Person['name'] | 'bad' | undefined => {
  if (values.name === undefined) return undefined;
  const n = values.name?.[0];
  if (!Array.isArray(values.name) || values.name.length !== 1) return 'bad';
  if (![n.first_name, n.last_name, n.full_name].every((v) => typeof v === 'string')) return 'bad';
  return { first_name: n.first_name, last_name: n.last_name, full_name: n.full_name };
};

/** A small Attio: people kept in memory, requests checked as documented. */
function attio(r: Recorded): Reply {
  if (r.headers.authorization !== `Bearer ${TOKEN}`)
    return error(401, 'auth_error', 'unauthorized', 'The access token is invalid or has been revoked.');
  const url = new URL(r.path, 'http://x');
  if (r.method !== 'GET' && !String(r.headers['content-type']).startsWith('application/json'))
    return error(400, 'invalid_request_error', 'validation_type', 'Expected a JSON body.');
  if (r.method === 'POST' && url.pathname === '/v2/objects/people/records/query') {
    const b = json(r);
    const email = b.filter?.email_addresses?.email_address?.$eq;
    if (typeof email !== 'string' || Object.keys(b.filter).length !== 1)
      return error(400, 'invalid_request_error', 'filter_error', 'Unsupported filter.');
    const found = people.filter((p) => p.emails.includes(email.toLowerCase())).slice(0, b.limit ?? 500);
    return { status: 200, body: { data: found.map(record) } };
  }
  const patch = /^\/v2\/objects\/people\/records\/([0-9a-f-]+)$/.exec(url.pathname);
  if (r.method === 'PATCH' && patch) {
    const p = people.find((x) => x.id === patch[1]);
    if (!p) return error(404, 'invalid_request_error', 'not_found', 'Record not found.');
    const values = json(r).data?.values ?? {};
    const name = nameOf(values);
    if (name === 'bad') return error(400, 'invalid_request_error', 'validation_type', 'Invalid name value.');
    if (name) p.name = name;
    for (const e of values.email_addresses ?? [])
      if (!p.emails.includes(e.email_address)) p.emails.unshift(e.email_address);
    return { status: 200, body: { data: record(p) } };
  }
  if (r.method === 'PUT' && url.pathname === '/v2/objects/people/records') {
    if (url.searchParams.get('matching_attribute') !== 'email_addresses')
      return error(400, 'invalid_request_error', 'validation_type', 'matching_attribute must be a unique attribute.');
    const values = json(r).data?.values ?? {};
    const emails: string[] = (values.email_addresses ?? []).map((e: { email_address?: string }) => e.email_address);
    if (!emails.length || emails.some((e) => typeof e !== 'string'))
      return error(400, 'invalid_request_error', 'missing_value', 'The matching attribute needs a value.');
    const name = nameOf(values);
    if (name === 'bad') return error(400, 'invalid_request_error', 'validation_type', 'Invalid name value.');
    const matches = people.filter((p) => p.emails.some((e) => emails.includes(e)));
    if (matches.length > 1)
      return error(400, 'invalid_request_error', 'multiple_match_results', 'Multiple records match.');
    let p = matches[0];
    if (p)
      p.emails = emails; // an assert overwrites multiselect values
    else
      people.push((p = { id: `bf071e1f-6035-429d-b874-d83ea64ea1${String(people.length).padStart(2, '0')}`, emails }));
    if (name) p.name = name;
    return { status: 200, body: { data: record(p) } };
  }
  return error(404, 'invalid_request_error', 'not_found', 'Route not found.');
}

beforeAll(async () => {
  vendor = await startVendor();
  t = await appTenant('attio');
  conn = await createConnection(t, 'attio', { accessToken: TOKEN, baseUrl: vendor.url });
});
beforeEach(() => {
  people = [];
});
afterAll(() => vendor.close());

const node = (connection = conn) => ({
  type: 'attio.upsertPerson',
  config: {
    connection,
    email: '{{ trigger.body.email }}',
    firstName: '{{ trigger.body.first }}',
    lastName: '{{ trigger.body.last }}',
  },
});
const event = { email: 'Ada@Example.test', first: 'Ada', last: 'Lovelace' };
const calls = () => vendor.requests.map((r) => `${r.method} ${new URL(r.path, 'http://x').pathname}`);
const ada = { first_name: 'Ada', last_name: 'Lovelace', full_name: 'Ada Lovelace' };

describe('attio.upsertPerson in a published flow', () => {
  it('a new person: looks up the email, then asserts on email_addresses with Attio’s value shapes', async () => {
    vendor.reply(attio);
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    const id = people[0]!.id;
    expect(step.output).toEqual({ recordId: id, created: true, webUrl: `https://app.attio.com/acme/person/${id}` });
    expect(calls()).toEqual(['POST /v2/objects/people/records/query', 'PUT /v2/objects/people/records']);
    for (const r of vendor.requests) expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const [query, put] = vendor.requests;
    expect(json(query!)).toEqual({
      filter: { email_addresses: { email_address: { $eq: 'ada@example.test' } } },
      limit: 1,
    });
    expect(new URL(put!.path, 'http://x').search).toBe('?matching_attribute=email_addresses');
    expect(json(put!)).toEqual({
      data: { values: { name: [ada], email_addresses: [{ email_address: 'ada@example.test' }] } },
    });
    expect(people).toEqual([{ id, emails: ['ada@example.test'], name: ada }]);
  });

  it('a person already there is updated with PATCH, keeping their other email addresses', async () => {
    people = [{ id: '0b1c2d3e-0000-4000-8000-000000000007', emails: ['ada.work@acme.test', 'ada@example.test'] }];
    vendor.reply(attio);
    const { step } = await runOneStep(t, node(), event);
    expect(step.output).toMatchObject({ recordId: people[0]!.id, created: false });
    expect(calls()).toEqual([
      'POST /v2/objects/people/records/query',
      `PATCH /v2/objects/people/records/${people[0]!.id}`,
    ]);
    expect(json(vendor.requests[1]!)).toEqual({ data: { values: { name: [ada] } } });
    expect(people).toEqual([{ id: people[0]!.id, emails: ['ada.work@acme.test', 'ada@example.test'], name: ada }]);
  });

  it('a 500 after Attio stored the person: the retry finds and updates it, nothing doubles', async () => {
    vendor.reply((r) => {
      const answer = attio(r);
      return r.method === 'PUT' && people.length === 1 && answer.status === 200
        ? error(500, 'internal_error', 'internal_server_error', 'An unexpected error occurred.')
        : answer;
    });
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(step.output).toMatchObject({ recordId: people[0]!.id, created: false });
    expect(people).toHaveLength(1);
    expect(calls().filter((c) => c.startsWith('PUT'))).toHaveLength(1);
  });

  it('a 400 from Attio fails the step at once with its message and code', async () => {
    vendor.reply((r) =>
      r.method === 'PUT'
        ? error(400, 'invalid_request_error', 'value_not_found', 'Cannot find select option with title "VIP".')
        : attio(r),
    );
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain(
      'Attio refused the request: Cannot find select option with title "VIP". (value_not_found)',
    );
  });

  it('a 429 waits until the Retry-After date, then goes on', async () => {
    let limited = false;
    vendor.reply((r) => {
      if (!limited) {
        limited = true;
        return {
          status: 429,
          headers: { 'retry-after': new Date(Date.now() + 3000).toUTCString() },
          body: {
            status_code: 429,
            type: 'rate_limit_error',
            code: 'rate_limit_exceeded',
            message: 'Rate limit exceeded, please try again later',
          },
        };
      }
      return attio(r);
    });
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(vendor.requests[1]!.at - vendor.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(people).toHaveLength(1);
  });

  it('a wrong token (401) is not retried', async () => {
    const bad = await createConnection(t, 'attio', { accessToken: 'nope', baseUrl: vendor.url });
    vendor.reply(attio);
    const { step } = await runOneStep(t, node(bad), event);
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Attio refused the access token: The access token is invalid or has been revoked.');
    expect(vendor.requests).toHaveLength(1);
  });
});

describe('Check connection (GET /v2/self)', () => {
  it('names the workspace for a good token, and fails for a bad one', async () => {
    vendor.reply((r) =>
      r.headers.authorization === `Bearer ${TOKEN}` && r.path === '/v2/self'
        ? {
            status: 200,
            body: {
              active: true,
              scope: 'record_permission:read-write object_configuration:read',
              workspace_name: 'Acme',
            },
          }
        : attio(r),
    );
    expect(await checkConnection(t, conn)).toEqual({ ok: true, message: expect.stringContaining('Acme') });
    const bad = await createConnection(t, 'attio', { accessToken: 'nope', baseUrl: vendor.url });
    expect(await checkConnection(t, bad)).toEqual({ ok: false, message: expect.stringContaining('revoked') });
  });
});
