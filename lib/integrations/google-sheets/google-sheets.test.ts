import '@/tests/helpers/own-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { openBrowser, type Browser } from '@/tests/helpers/browser';
import {
  bearerOf,
  connectAccount,
  issuedAccessTokens,
  refreshCalls,
  startOAuthStack,
  type OAuthStack,
} from '@/tests/helpers/oauth-stack';
import type { Recorded, Reply } from '@/tests/helpers/recording-server';
import { createTenant, type Tenant } from '@/tests/helpers/tenant';
import { json, runOneStep, startVendor, type Vendor } from '@/tests/helpers/vendor-harness';
import { spreadsheetIdOf } from './spreadsheet-id';

// Google Sheets "add a row" in published flows run by a web process and worker
// of their own (the suite's have no Google client), signed in through a local
// authorization server, against a stand-in for the Sheets API that checks
// each request as Google documents it and keeps the rows it appended:
//   developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/append
//   (POST /v4/spreadsheets/{spreadsheetId}/values/{range}:append, valueInputOption,
//   insertDataOption, ValueRange body, AppendValuesResponse)
//   developers.google.com/sheets/api/limits (429, exponential back-off)
//   cloud.google.com/apis/design/errors ({error: {code, message, status}})

const SHEET_ID = '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms';
const SHEET_URL = `https://docs.google.com/spreadsheets/d/${SHEET_ID}/edit#gid=0`;

let stack: OAuthStack;
let vendor: Vendor;
let b: Browser;
let t: Tenant;
let conn: string;
/** The spreadsheet the stand-in keeps: sheet name → rows. */
const sheets = new Map<string, string[][]>();
/** Tokens the stand-in answers 401 to (as Google does for a revoked or expired token). */
const refused = new Set<string>();

const googleError = (code: number, status: string, message: string, headers?: Record<string, string>): Reply => ({
  status: code,
  headers,
  body: { error: { code, message, status } },
});

/** The Sheets API's values.append, as documented; applies the append to `sheets`. */
function sheetsApi(r: Recorded): Reply {
  const token = bearerOf(r.headers);
  if (!token || refused.has(token) || !issuedAccessTokens(stack).has(token))
    return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
  const url = new URL(r.path, 'http://x');
  const m = /^\/v4\/spreadsheets\/([^/]+)\/values\/([^/]+):append$/.exec(url.pathname);
  if (r.method !== 'POST' || !m) return googleError(404, 'NOT_FOUND', 'Not found');
  if (m[1] !== SHEET_ID) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
  const q = Object.fromEntries(url.searchParams);
  if (JSON.stringify(q) !== JSON.stringify({ valueInputOption: 'USER_ENTERED', insertDataOption: 'INSERT_ROWS' }))
    return googleError(400, 'INVALID_ARGUMENT', `Unexpected query ${url.search}`);
  if (!String(r.headers['content-type']).startsWith('application/json'))
    return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
  const body = json(r);
  const unknown = Object.keys(body).filter((k) => !['range', 'majorDimension', 'values'].includes(k));
  if (unknown.length)
    return googleError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. Unknown name "${unknown[0]}"`);
  if (!Array.isArray(body.values) || !body.values.every((row: unknown) => Array.isArray(row)))
    return googleError(400, 'INVALID_ARGUMENT', 'Invalid values');
  // A1: a sheet name alone, quoted ('Leads', quotes doubled) or bare.
  const range = decodeURIComponent(m[2]!);
  const name = /^'((?:[^']|'')+)'$/.exec(range)?.[1]?.replace(/''/g, "'") ?? range;
  const rows = sheets.get(name);
  if (!rows) return googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${range}`);
  const before = rows.length;
  rows.push(...body.values);
  const width = Math.max(...body.values.map((row: unknown[]) => row.length));
  const col = String.fromCharCode(64 + width);
  return {
    status: 200,
    body: {
      spreadsheetId: SHEET_ID,
      ...(before ? { tableRange: `${name}!A1:${col}${before}` } : {}),
      updates: {
        spreadsheetId: SHEET_ID,
        updatedRange: `${name}!A${before + 1}:${col}${before + body.values.length}`,
        updatedRows: body.values.length,
        updatedColumns: width,
        updatedCells: width * body.values.length,
      },
    },
  };
}

beforeAll(async () => {
  vendor = await startVendor();
  stack = await startOAuthStack(1, { env: { OAUTH_GOOGLE_API_URL: vendor.url } });
  t = await createTenant('sheets');
  b = await openBrowser();
  conn = await connectAccount(stack, b.page, t.cookie, 'google', 'Ops Google');
});
afterAll(async () => {
  await b?.close();
  await vendor?.close();
  await db.$disconnect();
  await stack?.stop();
});

const node = (config: Record<string, unknown> = {}) => ({
  type: 'googleSheets.appendRow',
  config: {
    connection: conn,
    spreadsheet: SHEET_URL,
    sheet: 'Leads',
    values: ['{{ trigger.body.email }}', '{{ trigger.body.name }}', '', 'web form'],
    ...config,
  },
});

const fresh = () => {
  sheets.clear();
  sheets.set('Leads', [['Email', 'Name', 'Notes', 'Source']]);
  sheets.set("Q1 '24", []);
};

describe('googleSheets.appendRow in a published flow', () => {
  it('POSTs values:append on the pasted sheet’s id with the account’s token; the row lands after the table', async () => {
    fresh();
    vendor.reply(sheetsApi);
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(step.output).toEqual({
      spreadsheetId: SHEET_ID,
      updatedRange: 'Leads!A2:D2',
      updatedRows: 1,
      tableRange: 'Leads!A1:D1',
    });
    expect(vendor.requests).toHaveLength(1);
    const [req] = vendor.requests;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe(
      `/v4/spreadsheets/${SHEET_ID}/values/'Leads':append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS`,
    );
    expect(issuedAccessTokens(stack).has(bearerOf(req!.headers)!)).toBe(true);
    expect(json(req!)).toEqual({ values: [['ada@example.test', 'Ada', '', 'web form']] });
    expect(sheets.get('Leads')).toEqual([
      ['Email', 'Name', 'Notes', 'Source'],
      ['ada@example.test', 'Ada', '', 'web form'],
    ]);
    // The token is added at the call: the run's recorded input and output do not hold it.
    expect(JSON.stringify(run)).not.toContain(bearerOf(req!.headers)!);
  });

  it('a sheet name with a space and a quote is quoted in A1 notation; a bare id works too', async () => {
    fresh();
    vendor.reply(sheetsApi);
    const { step } = await runOneStep(t, node({ spreadsheet: SHEET_ID, sheet: "Q1 '24", values: ['x'] }));
    expect(step).toMatchObject({ status: 'succeeded', output: { updatedRange: "Q1 '24!A1:A1" } });
    expect(vendor.requests[0]!.path).toContain(`/values/'Q1%20''24':append?`);
    expect(sheets.get("Q1 '24")).toEqual([['x']]);
  });

  it('429 RESOURCE_EXHAUSTED and 503 UNAVAILABLE are retried with back-off; the row is added once', async () => {
    fresh();
    vendor.reply((r, n) =>
      n === 0
        ? googleError(
            429,
            'RESOURCE_EXHAUSTED',
            "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user'",
          )
        : n === 1
          ? googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.')
          : sheetsApi(r),
    );
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(vendor.requests).toHaveLength(3);
    expect(new Set(vendor.requests.map((r) => r.body)).size).toBe(1);
    expect(sheets.get('Leads')).toHaveLength(2);
  });

  it('a connection cut after Google took the request is not retried: the row is there once, the error says to check', async () => {
    fresh();
    vendor.reply((r) => {
      sheetsApi(r); // applied…
      return { status: 200, hangUp: true }; // …and the answer never arrives
    });
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('connection was reset');
    expect(step.error).toContain('The row may have been added: check the sheet');
    expect(vendor.requests).toHaveLength(1);
    expect(sheets.get('Leads')).toHaveLength(2);
  });

  it('a 500 (outcome unknown) fails at once with Google’s message, without a second append', async () => {
    fresh();
    vendor.reply(() => googleError(500, 'INTERNAL', 'Internal error encountered.'));
    const { step } = await runOneStep(t, node(), { email: 'ada@example.test' });
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Google Sheets had trouble: Internal error encountered. (INTERNAL)');
    expect(step.error).toContain('check the sheet before retrying');
    expect(vendor.requests).toHaveLength(1);
  });

  it('an unknown sheet (400) and a missing spreadsheet (404) fail at once with Google’s words', async () => {
    fresh();
    vendor.reply(sheetsApi);
    const bad = await runOneStep(t, node({ sheet: 'Nope' }));
    expect(bad.step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(bad.step.error).toContain(
      "Google Sheets refused the request: Unable to parse range: 'Nope' (INVALID_ARGUMENT)",
    );
    const gone = await runOneStep(
      t,
      node({ spreadsheet: 'https://docs.google.com/spreadsheets/d/1AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/edit' }),
    );
    expect(gone.step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(gone.step.error).toContain('Requested entity was not found. (NOT_FOUND)');
  });

  it('a spreadsheet from the event that is neither an id nor a sheet URL fails before calling Google', async () => {
    fresh();
    vendor.reply(sheetsApi);
    const { step } = await runOneStep(t, node({ spreadsheet: '{{ trigger.body.sheet }}' }), {
      sheet: 'https://example.test/not-a-sheet',
    });
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    // The rendered config is checked with the step's schema before the run: its words.
    expect(step.error).toContain(
      'Paste the spreadsheet’s address (https://docs.google.com/spreadsheets/d/…) or its id',
    );
    expect(vendor.requests).toHaveLength(0);
  });

  it('a 401 refreshes the token once and repeats the append with the new token; one row', async () => {
    fresh();
    const rejected = [...issuedAccessTokens(stack)].at(-1)!;
    refused.add(rejected);
    const before = refreshCalls(stack).length;
    vendor.reply(sheetsApi);
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(refreshCalls(stack).length - before).toBe(1);
    const fresh2 = refreshCalls(stack).at(-1)!.answer.access_token;
    expect(vendor.requests.map((r) => bearerOf(r.headers))).toEqual([rejected, fresh2]);
    expect(sheets.get('Leads')).toHaveLength(2);
  });
});

describe('spreadsheetIdOf', () => {
  it('takes an id, a sheet URL (also /u/1/ and without /edit), and nothing else', () => {
    expect(spreadsheetIdOf(SHEET_ID)).toBe(SHEET_ID);
    expect(spreadsheetIdOf(` ${SHEET_URL} `)).toBe(SHEET_ID);
    expect(spreadsheetIdOf(`https://docs.google.com/spreadsheets/u/1/d/${SHEET_ID}`)).toBe(SHEET_ID);
    expect(spreadsheetIdOf(`https://docs.google.com/spreadsheets/d/${SHEET_ID}?usp=sharing`)).toBe(SHEET_ID);
    expect(spreadsheetIdOf('https://example.test/x')).toBeNull();
    expect(spreadsheetIdOf('short')).toBeNull();
    expect(spreadsheetIdOf(`${SHEET_ID}/../x`)).toBeNull();
  });
});
