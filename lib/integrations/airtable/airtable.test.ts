import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAirtableCreateRecord } from '@/lib/integrations/airtable/create-record.run';
import type { Recorded, Reply } from '@/tests/helpers/recording-server';
import { rejection, runStep, stepContext } from '@/tests/helpers/step-context';
import type { Tenant } from '@/tests/helpers/tenant';
import {
  appTenant,
  checkConnection,
  createConnection,
  firstThen,
  json,
  runOneStep,
  startVendor,
  type Vendor,
} from '@/tests/helpers/vendor-harness';

// Airtable's Web API as documented:
//   https://airtable.com/developers/web/api/create-records (POST /v0/{baseId}/{tableIdOrName},
//     Bearer token, JSON {fields, typecast}; 200 {id, createdTime, fields})
//   https://airtable.com/developers/web/api/update-multiple-records (PATCH with performUpsert
//     {fieldsToMergeOn}, records [{fields}]; 200 {records, createdRecords, updatedRecords})
//   https://airtable.com/developers/web/api/errors ({error: {type, message}}; 401
//     AUTHENTICATION_REQUIRED, 403 INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND, 404 NOT_FOUND,
//     422 INVALID_VALUE_FOR_COLUMN / UNKNOWN_FIELD_NAME, 429, 500/502/503)
//   https://airtable.com/developers/web/api/rate-limits (429: wait 30 seconds)
//   https://airtable.com/developers/web/api/get-user-id-scopes (GET /v0/meta/whoami, the check)

const TOKEN = 'patAbc123.s3cret';
const BASE = 'appABCDEFGHIJKLMN';
let t: Tenant;
let vendor: Vendor;
let conn: string;
type Row = { id: string; createdTime: string; fields: Record<string, unknown> };
let rows: Row[] = [];

/** A small Airtable table "Leads" with fields Email, Name, Score (number). */
function airtable(r: Recorded): Reply {
  if (r.headers.authorization !== `Bearer ${TOKEN}`)
    return { status: 401, body: { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } } };
  if (r.path !== `/v0/${BASE}/Leads`) return { status: 404, body: { error: 'NOT_FOUND' } };
  if (!String(r.headers['content-type']).startsWith('application/json'))
    return { status: 415, body: { error: { type: 'UNSUPPORTED_MEDIA_TYPE', message: 'Use application/json' } } };
  const b = JSON.parse(r.body);
  const check = (fields: Record<string, unknown>): Reply | Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) {
      if (!['Email', 'Name', 'Score'].includes(k))
        return { status: 422, body: { error: { type: 'UNKNOWN_FIELD_NAME', message: `Unknown field name: "${k}"` } } };
      if (k === 'Score') {
        if (typeof v !== 'number' && !(b.typecast === true && !Number.isNaN(Number(v))))
          return {
            status: 422,
            body: {
              error: { type: 'INVALID_VALUE_FOR_COLUMN', message: `Field "Score" cannot accept the provided value` },
            },
          };
        out[k] = Number(v);
      } else out[k] = v;
    }
    return out;
  };
  const add = (fields: Record<string, unknown>) => {
    const row = { id: `rec${String(rows.length).padStart(14, '0')}`, createdTime: '2026-12-04T21:45:00.000Z', fields };
    rows.push(row);
    return row;
  };
  if (r.method === 'POST') {
    const fields = check(b.fields);
    if ('status' in fields) return fields as Reply;
    return { status: 200, body: add(fields) };
  }
  if (r.method === 'PATCH' && b.performUpsert) {
    const on: string[] = b.performUpsert.fieldsToMergeOn;
    const fields = check(b.records[0].fields);
    if ('status' in fields) return fields as Reply;
    const match = rows.find((row) => on.every((f) => row.fields[f] === fields[f]));
    if (match) {
      Object.assign(match.fields, fields);
      return { status: 200, body: { records: [match], createdRecords: [], updatedRecords: [match.id] } };
    }
    const row = add(fields);
    return { status: 200, body: { records: [row], createdRecords: [row.id], updatedRecords: [] } };
  }
  return { status: 404, body: { error: 'NOT_FOUND' } };
}

beforeAll(async () => {
  vendor = await startVendor();
  t = await appTenant('airtable');
  conn = await createConnection(t, 'airtable', { token: TOKEN, baseUrl: vendor.url });
});
beforeEach(() => {
  rows = [];
});
afterAll(() => vendor.close());

const node = (over: Record<string, unknown> = {}) => ({
  type: 'airtable.createRecord',
  config: {
    connection: conn,
    baseId: BASE,
    table: 'Leads',
    fields: { Email: '{{ trigger.body.email }}', Name: '{{ trigger.body.name }}', Score: '{{ trigger.body.score }}' },
    ...over,
  },
});
const event = { email: 'ada@example.test', name: 'Ada', score: '42' };

describe('airtable.createRecord in a published flow', () => {
  it('POSTs {fields, typecast: true} to /v0/{baseId}/{table} with the Bearer token', async () => {
    vendor.reply(airtable);
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step.output).toEqual({
      id: 'rec00000000000000',
      created: true,
      fields: { Email: 'ada@example.test', Name: 'Ada', Score: 42 },
    });
    const [req] = vendor.requests;
    expect(vendor.requests).toHaveLength(1);
    expect(req).toMatchObject({ method: 'POST', path: `/v0/${BASE}/Leads` });
    expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(json(req!)).toEqual({ fields: { Email: 'ada@example.test', Name: 'Ada', Score: '42' }, typecast: true });
  });

  it('with merge fields: PATCH performUpsert; a resent event updates the same row', async () => {
    vendor.reply(airtable);
    const first = await runOneStep(t, node({ mergeOn: 'Email' }), event);
    expect(first.step.output).toMatchObject({ id: 'rec00000000000000', created: true });
    const again = await runOneStep(t, node({ mergeOn: 'Email' }), { ...event, name: 'Ada L.' });
    expect(again.step.output).toMatchObject({ id: 'rec00000000000000', created: false, fields: { Name: 'Ada L.' } });
    expect(rows).toHaveLength(1);
    const req = vendor.requests[0]!;
    expect(req.method).toBe('PATCH');
    expect(req.path).toBe(`/v0/${BASE}/Leads`);
    expect(json(req)).toEqual({
      performUpsert: { fieldsToMergeOn: ['Email'] },
      records: [{ fields: { Email: 'ada@example.test', Name: 'Ada', Score: '42' } }],
      typecast: true,
    });
  });

  it('a 422 (value the column cannot take) fails the step at once with Airtable’s type and message', async () => {
    vendor.reply(airtable);
    const { run, step } = await runOneStep(t, node({ typecast: false }), event);
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Airtable refused the record');
    expect(step.error).toContain('INVALID_VALUE_FOR_COLUMN');
    expect(vendor.requests).toHaveLength(1);
    expect(json(vendor.requests[0]!).typecast).toBe(false);
  });

  it('an unknown table (404 NOT_FOUND) is not retried', async () => {
    vendor.reply(airtable);
    const { step } = await runOneStep(t, node({ table: 'Nope' }), event);
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Airtable found no such base or table: (NOT_FOUND)');
  });

  it('a 429 is retried after Retry-After; a 503 is retried; merge fields keep one row', async () => {
    vendor.reply((r, n) =>
      n === 0
        ? {
            status: 429,
            headers: { 'retry-after': '1' },
            body: { errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }] },
          }
        : n === 1
          ? (airtable(r),
            { status: 503, body: { error: { type: 'SERVICE_UNAVAILABLE', message: 'Service unavailable' } } })
          : airtable(r),
    );
    const { run, step } = await runOneStep(t, node({ mergeOn: 'Email' }), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(vendor.requests[1]!.at - vendor.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    // The 503 came after Airtable wrote the row; the retry merged into it.
    expect(rows).toHaveLength(1);
    expect(step.output).toMatchObject({ created: false });
    expect(new Set(vendor.requests.map((r) => r.body)).size).toBe(1);
  });

  it('a 429 without Retry-After waits the 30 s Airtable documents', async () => {
    vendor.reply(
      firstThen(
        { status: 429, body: { errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded.' }] } },
        airtable,
      ),
    );
    const err = await rejection(runStep(runAirtableCreateRecord, node().config, stepContext(t.workspaceId)));
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(30_000);
  });
});

describe('Check connection (GET /v0/meta/whoami)', () => {
  it('passes with data.records:write, fails without it or with a bad token', async () => {
    vendor.reply((r) =>
      r.path !== '/v0/meta/whoami'
        ? { status: 404, body: { error: 'NOT_FOUND' } }
        : r.headers.authorization === `Bearer ${TOKEN}`
          ? {
              status: 200,
              body: {
                id: 'usrL2PNC5o3H4lBEi',
                scopes: ['data.records:read', 'data.records:write'],
                email: 'ada@acme.test',
              },
            }
          : r.headers.authorization === 'Bearer patReadOnly'
            ? { status: 200, body: { id: 'usrX', scopes: ['data.records:read'] } }
            : { status: 401, body: { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } } },
    );
    expect(await checkConnection(t, conn)).toEqual({ ok: true, message: expect.stringContaining('ada@acme.test') });
    const ro = await createConnection(t, 'airtable', { token: 'patReadOnly', baseUrl: vendor.url });
    expect(await checkConnection(t, ro)).toEqual({ ok: false, message: expect.stringContaining('data.records:write') });
    const bad = await createConnection(t, 'airtable', { token: 'patBad', baseUrl: vendor.url });
    expect(await checkConnection(t, bad)).toEqual({
      ok: false,
      message: expect.stringContaining('AUTHENTICATION_REQUIRED'),
    });
  });
});
