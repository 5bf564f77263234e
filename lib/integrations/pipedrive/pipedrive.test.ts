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

// Pipedrive API v1 as documented:
//   https://developers.pipedrive.com/docs/api/v1/Persons#searchPersons (GET /v1/persons/search, term,
//     fields=email, exact_match; {success, data: {items: [{result_score, item: {id, name, emails}}]}})
//   https://developers.pipedrive.com/docs/api/v1/Persons#addPerson (POST /v1/persons, 201 {success, data: {id}})
//   https://developers.pipedrive.com/docs/api/v1/Leads#getLeads (GET /v1/leads?person_id=)
//   https://developers.pipedrive.com/docs/api/v1/Leads#addLead and
//   https://developers.pipedrive.com/tutorials/adding-leads-to-pipedrive (POST /v1/leads {title, person_id},
//     content-type application/json, 201 {success, data: {id: uuid}})
//   https://pipedrive.readme.io/docs/core-api-concepts-authentication (x-api-token header)
//   https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting (429, x-ratelimit-reset in seconds)
//   Errors: {success: false, error, error_info, data: null, additional_data: null}

const TOKEN = 'pd-token-s3cret';
let t: Tenant;
let vendor: Vendor;
let conn: string;

type Person = { id: number; name: string; emails: string[] };
type Lead = { id: string; title: string; person_id: number; is_archived: boolean };
let persons: Person[] = [];
let leads: Lead[] = [];

const fail = (status: number, error: string): Reply => ({
  status,
  body: {
    success: false,
    error,
    error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.',
    data: null,
    additional_data: null,
  },
});

/** A small Pipedrive: persons and leads kept in memory, requests checked as documented. */
function pipedrive(r: Recorded): Reply {
  if (r.headers['x-api-token'] !== TOKEN)
    return {
      status: 401,
      body: {
        success: false,
        error: 'unauthorized access',
        errorCode: 401,
        error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.',
      },
    };
  const url = new URL(r.path, 'http://x');
  if (url.searchParams.has('api_token')) return fail(400, 'token must not be in the URL in this test');
  const wantsJson = () => String(r.headers['content-type']).startsWith('application/json');
  if (r.method === 'GET' && url.pathname === '/v1/persons/search') {
    const term = url.searchParams.get('term') ?? '';
    if (url.searchParams.get('fields') !== 'email' || url.searchParams.get('exact_match') !== 'true')
      return fail(400, 'expected fields=email&exact_match=true');
    const items = persons
      .filter((p) => p.emails.some((e) => e.toLowerCase() === term.toLowerCase()))
      .map((p) => ({
        result_score: 1,
        item: { id: p.id, type: 'person', name: p.name, emails: p.emails, phones: [] },
      }));
    return {
      status: 200,
      body: {
        success: true,
        data: { items },
        additional_data: { pagination: { start: 0, limit: 1, more_items_in_collection: false } },
      },
    };
  }
  if (r.method === 'POST' && url.pathname === '/v1/persons') {
    if (!wantsJson()) return fail(415, 'Unsupported Media Type');
    const b = JSON.parse(r.body);
    if (!b.name) return fail(400, 'Name must be given.');
    const p = { id: 100 + persons.length, name: b.name, emails: b.email.map((e: { value: string }) => e.value) };
    persons.push(p);
    return { status: 201, body: { success: true, data: { id: p.id, name: p.name, email: b.email } } };
  }
  if (r.method === 'GET' && url.pathname === '/v1/leads') {
    const pid = Number(url.searchParams.get('person_id'));
    return {
      status: 200,
      body: {
        success: true,
        data: leads.filter((l) => l.person_id === pid),
        additional_data: { pagination: { start: 0, limit: 500, more_items_in_collection: false } },
      },
    };
  }
  if (r.method === 'POST' && url.pathname === '/v1/leads') {
    if (!wantsJson()) return fail(415, 'Unsupported Media Type');
    const b = JSON.parse(r.body);
    if (!b.title) return fail(400, 'Title must be given.');
    if (!persons.some((p) => p.id === b.person_id))
      return fail(400, 'Person with id ' + b.person_id + ' does not exist.');
    const l = {
      id: `adf21080-0e10-11eb-879b-05d71fb426e${leads.length}`,
      title: b.title,
      person_id: b.person_id,
      is_archived: false,
    };
    leads.push(l);
    return { status: 201, body: { success: true, data: { ...l, source_name: 'API' } } };
  }
  return fail(404, 'Unknown method .');
}

beforeAll(async () => {
  vendor = await startVendor();
  t = await appTenant('pipedrive');
  conn = await createConnection(t, 'pipedrive', { apiToken: TOKEN, baseUrl: vendor.url });
});
beforeEach(() => {
  persons = [];
  leads = [];
});
afterAll(() => vendor.close());

const node = () => ({
  type: 'pipedrive.createLead',
  config: {
    connection: conn,
    email: '{{ trigger.body.email }}',
    name: '{{ trigger.body.name }}',
    phone: '{{ trigger.body.phone }}',
    title: 'Website enquiry from {{ trigger.body.name }}',
  },
});
const event = { email: 'Ada@Example.test', name: 'Ada Lovelace', phone: '+44 20 7946 0000' };
const calls = () => vendor.requests.map((r) => `${r.method} ${new URL(r.path, 'http://x').pathname}`);

describe('pipedrive.createLead in a published flow', () => {
  it('searches the person by email, creates person then lead, with the token in x-api-token', async () => {
    vendor.reply(pipedrive);
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step.output).toEqual({ personId: 100, personCreated: true, leadId: leads[0]!.id, leadCreated: true });
    expect(calls()).toEqual(['GET /v1/persons/search', 'POST /v1/persons', 'GET /v1/leads', 'POST /v1/leads']);
    for (const r of vendor.requests) expect(r.headers['x-api-token']).toBe(TOKEN);
    const [search, person, list, lead] = vendor.requests;
    expect(Object.fromEntries(new URL(search!.path, 'http://x').searchParams)).toEqual({
      term: 'ada@example.test',
      fields: 'email',
      exact_match: 'true',
      limit: '1',
    });
    expect(person!.headers['content-type']).toBe('application/json');
    expect(json(person!)).toEqual({
      name: 'Ada Lovelace',
      email: [{ value: 'ada@example.test', primary: true, label: 'work' }],
      phone: [{ value: '+44 20 7946 0000', primary: true, label: 'work' }],
    });
    expect(new URL(list!.path, 'http://x').searchParams.get('person_id')).toBe('100');
    expect(lead!.headers['content-type']).toBe('application/json');
    expect(json(lead!)).toEqual({ title: 'Website enquiry from Ada Lovelace', person_id: 100 });
  });

  it('a person already there is reused; a lead with the same title is not added twice', async () => {
    persons = [{ id: 7, name: 'Ada', emails: ['ada@example.test'] }];
    vendor.reply(pipedrive);
    const first = await runOneStep(t, node(), event);
    expect(first.step.output).toMatchObject({ personId: 7, personCreated: false, leadCreated: true });
    const second = await runOneStep(t, node(), event);
    expect(second.step.output).toMatchObject({ personId: 7, personCreated: false, leadCreated: false });
    expect(persons).toHaveLength(1);
    expect(leads).toHaveLength(1);
    expect(calls()).not.toContain('POST /v1/persons');
  });

  it('a 500 after Pipedrive stored the lead: the retry finds person and lead, nothing doubles', async () => {
    vendor.reply((r) => {
      const answer = pipedrive(r);
      const lostLeadAnswer =
        r.method === 'POST' && r.path === '/v1/leads' && leads.length === 1 && answer.status === 201;
      return lostLeadAnswer ? fail(500, 'Internal server error') : answer;
    });
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(step.output).toEqual({ personId: 100, personCreated: false, leadId: leads[0]!.id, leadCreated: false });
    expect(persons).toHaveLength(1);
    expect(leads).toHaveLength(1);
  });

  it('a 400 from Pipedrive fails the step at once with its error text', async () => {
    vendor.reply((r) =>
      r.method === 'POST' && r.path === '/v1/leads' ? fail(400, 'Lead title is too long.') : pipedrive(r),
    );
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Pipedrive refused the request: Lead title is too long.');
    expect(calls().filter((c) => c === 'POST /v1/leads')).toHaveLength(1);
  });

  it('a 429 waits for x-ratelimit-reset, then goes on', async () => {
    let limited = false;
    vendor.reply((r) => {
      if (!limited && r.path.startsWith('/v1/persons/search')) {
        limited = true;
        return {
          status: 429,
          headers: { 'x-ratelimit-limit': '80', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' },
          body: { success: false, error: 'Request over limit', errorCode: 429 },
        };
      }
      return pipedrive(r);
    });
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(vendor.requests[1]!.at - vendor.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(leads).toHaveLength(1);
  });

  it('a wrong token (401) is not retried', async () => {
    const bad = await createConnection(t, 'pipedrive', { apiToken: 'nope', baseUrl: vendor.url });
    vendor.reply(pipedrive);
    const { step } = await runOneStep(t, { ...node(), config: { ...node().config, connection: bad } }, event);
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Pipedrive refused the API token: unauthorized access');
    expect(vendor.requests).toHaveLength(1);
  });
});

describe('Check connection (GET /v1/users/me)', () => {
  it('names the user for a good token, and fails for a bad one', async () => {
    vendor.reply((r) =>
      r.headers['x-api-token'] === TOKEN && r.path === '/v1/users/me'
        ? {
            status: 200,
            body: {
              success: true,
              data: { id: 1, name: 'Grace Hopper', email: 'grace@acme.test', company_domain: 'acme' },
            },
          }
        : pipedrive(r),
    );
    expect(await checkConnection(t, conn)).toEqual({ ok: true, message: expect.stringContaining('Grace Hopper') });
    const bad = await createConnection(t, 'pipedrive', { apiToken: 'nope', baseUrl: vendor.url });
    expect(await checkConnection(t, bad)).toEqual({
      ok: false,
      message: expect.stringContaining('unauthorized access'),
    });
  });
});
