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

// Brevo API v3 as documented:
//   https://developers.brevo.com/reference/createcontact (POST /v3/contacts, api-key header, JSON
//     {email, attributes, listIds, updateEnabled}; 201 {id} created, 204 updated)
//   https://developers.brevo.com/docs/how-it-works#error-codes ({code, message}: invalid_parameter,
//     missing_parameter, duplicate_parameter, unauthorized)
//   https://developers.brevo.com/docs/api-limits (429, x-sib-ratelimit-limit/-remaining/-reset)
//   https://developers.brevo.com/reference/getaccount (GET /v3/account, the check)

const KEY = 'xkeysib-test-s3cret';
let t: Tenant;
let vendor: Vendor;
let conn: string;
type Contact = { id: number; email: string; attributes: Record<string, string>; listIds: Set<number> };
let contacts: Contact[] = [];

function brevo(r: Recorded): Reply {
  if (r.headers['api-key'] !== KEY) return { status: 401, body: { code: 'unauthorized', message: 'Key not found' } };
  if (r.method === 'GET' && r.path === '/v3/account')
    return {
      status: 200,
      body: {
        email: 'owner@acme.test',
        firstName: 'Grace',
        lastName: 'H',
        companyName: 'Acme',
        plan: [{ type: 'free' }],
      },
    };
  if (r.method !== 'POST' || r.path !== '/v3/contacts')
    return { status: 404, body: { code: 'document_not_found', message: 'Not found' } };
  if (!String(r.headers['content-type']).startsWith('application/json'))
    return { status: 400, body: { code: 'bad_request', message: 'Content-Type must be application/json' } };
  const b = JSON.parse(r.body);
  if (!b.email) return { status: 400, body: { code: 'missing_parameter', message: 'email is missing' } };
  if ((b.listIds ?? []).some((id: number) => id > 100))
    return { status: 404, body: { code: 'document_not_found', message: 'List ID does not exist' } };
  const existing = contacts.find((c) => c.email === b.email);
  if (existing && !b.updateEnabled)
    return { status: 400, body: { code: 'duplicate_parameter', message: 'Contact already exist' } };
  if (existing) {
    Object.assign(existing.attributes, b.attributes ?? {});
    for (const id of b.listIds ?? []) existing.listIds.add(id);
    return { status: 204 };
  }
  const c = {
    id: 500 + contacts.length,
    email: b.email,
    attributes: b.attributes ?? {},
    listIds: new Set<number>(b.listIds ?? []),
  };
  contacts.push(c);
  return { status: 201, body: { id: c.id } };
}

beforeAll(async () => {
  vendor = await startVendor();
  t = await appTenant('brevo');
  conn = await createConnection(t, 'brevo', { apiKey: KEY, baseUrl: vendor.url });
});
beforeEach(() => {
  contacts = [];
});
afterAll(() => vendor.close());

const node = (listIds = '2, 7') => ({
  type: 'brevo.addContact',
  config: {
    connection: conn,
    email: '{{ trigger.body.email }}',
    listIds,
    firstName: '{{ trigger.body.first }}',
    lastName: '{{ trigger.body.last }}',
    attributes: { company: '{{ trigger.body.company }}' },
  },
});
const event = { email: 'Ada@Example.test', first: 'Ada', last: 'Lovelace', company: 'Analytical Engines' };

describe('brevo.addContact in a published flow', () => {
  it('POSTs /v3/contacts with the api-key header, listIds and updateEnabled; 201 gives the id', async () => {
    vendor.reply(brevo);
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step.output).toEqual({ id: 500, created: true, listIds: [2, 7] });
    const [req] = vendor.requests;
    expect(vendor.requests).toHaveLength(1);
    expect(req).toMatchObject({ method: 'POST', path: '/v3/contacts' });
    expect(req!.headers['api-key']).toBe(KEY);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(json(req!)).toEqual({
      email: 'ada@example.test',
      attributes: { COMPANY: 'Analytical Engines', FIRSTNAME: 'Ada', LASTNAME: 'Lovelace' },
      listIds: [2, 7],
      updateEnabled: true,
    });
  });

  it('a resent event updates the same contact (204), never a second one', async () => {
    vendor.reply(brevo);
    await runOneStep(t, node(), event);
    const again = await runOneStep(t, node('2, 9'), { ...event, company: 'AE Ltd' });
    expect(again.step.output).toEqual({ id: null, created: false, listIds: [2, 9] });
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.attributes.COMPANY).toBe('AE Ltd');
    expect([...contacts[0]!.listIds].sort()).toEqual([2, 7, 9]);
  });

  it('a 404 for an unknown list fails at once with Brevo’s code and message', async () => {
    vendor.reply(brevo);
    const { run, step } = await runOneStep(t, node('2, 404'), event);
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Brevo found no such list: List ID does not exist (document_not_found)');
    expect(vendor.requests).toHaveLength(1);
  });

  it('a 400 invalid_parameter is not retried', async () => {
    vendor.reply(() => ({ status: 400, body: { code: 'invalid_parameter', message: 'Invalid phone number' } }));
    const { step } = await runOneStep(t, node(), event);
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Brevo refused the contact: Invalid phone number (invalid_parameter)');
  });

  it('a 429 waits x-sib-ratelimit-reset, a 500 is retried; one contact in the end', async () => {
    vendor.reply((r, n) =>
      n === 0
        ? {
            status: 429,
            headers: { 'x-sib-ratelimit-limit': '10', 'x-sib-ratelimit-remaining': '0', 'x-sib-ratelimit-reset': '1' },
            body: { code: 'too_many_requests', message: 'Too many requests' },
          }
        : n === 1
          ? (brevo(r), { status: 500, body: { code: 'internal_error', message: 'Internal error' } })
          : brevo(r),
    );
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(vendor.requests[1]!.at - vendor.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(contacts).toHaveLength(1);
    expect(new Set(vendor.requests.map((r) => r.body)).size).toBe(1);
  });

  it('list IDs that are not numbers fail without calling Brevo', async () => {
    vendor.reply(brevo);
    const { step } = await runOneStep(t, node('newsletter'), event);
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('List IDs must be numbers');
    expect(vendor.requests).toHaveLength(0);
  });
});

describe('Check connection (GET /v3/account)', () => {
  it('names the account, and fails for a bad key', async () => {
    vendor.reply(brevo);
    expect(await checkConnection(t, conn)).toEqual({ ok: true, message: expect.stringContaining('Acme') });
    const bad = await createConnection(t, 'brevo', { apiKey: 'xkeysib-bad', baseUrl: vendor.url });
    expect(await checkConnection(t, bad)).toEqual({
      ok: false,
      message: expect.stringContaining('Key not found (unauthorized)'),
    });
  });
});
