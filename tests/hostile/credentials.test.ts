import https from 'node:https';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundError, outboundRequest } from '@/lib/net/outbound-request';
import { startRecordingServer } from '../helpers/recording-server';
import { api, createTenant, type Tenant } from '../helpers/tenant';
import { chain, finishedRun, publishedFlow, sendEvent, step } from '../helpers/run-flows';

// Credentials stay with their origin. Two local recording servers on two
// ports are two origins: the first answers with a redirect (or a next-page
// link) to the second, and the second must see none of the credentials the
// first got — the step's inline auth, a connection's auth header, or a
// secret header typed into the step. And the credentials typed into a step
// never come back out of GET /runs/{id}.

const BEARER = 'inline-bearer-9f3a7c1e55';
const API_KEY = 'typed-api-key-4b8e2d0a77';
const CONN_SECRET = 'conn-header-secret-7d1c9e3b22';
const POLL_TOKEN = 'poll-token-2a6f8d4c91';

let t: Tenant;
let runId: string | undefined;
let first: Awaited<ReturnType<typeof startRecordingServer>>;
let second: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  t = await createTenant('creds');
  second = await startRecordingServer(() => ({ status: 200, body: { ok: true } }));
  first = await startRecordingServer((req) => ({
    status: 307,
    headers: { location: `${second.url}/landed${req.path}` },
  }));
});
afterAll(async () => {
  await first?.close();
  await second?.close();
});

const secretsIn = (headers: http.IncomingHttpHeaders) =>
  JSON.stringify(headers).match(new RegExp([BEARER, API_KEY, CONN_SECRET, POLL_TOKEN].join('|'), 'g')) ?? [];

describe('a cross-origin redirect', () => {
  it('drops every credential: inline auth, connection auth, typed secret headers', async () => {
    const conn = await api('/api/v1/connections', {
      key: t.apiKey,
      body: {
        type: 'http',
        name: 'Header auth',
        config: { auth: { type: 'header', name: 'X-Shop-Secret', value: CONN_SECRET } },
      },
    });
    expect(conn.status, conn.text).toBe(201);
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'inline',
          type: 'http.request',
          config: {
            method: 'POST',
            url: `${first.url}/inline`,
            headers: { 'X-Api-Key': API_KEY, 'X-Trace': 'keep-or-drop' },
            auth: { type: 'bearer', token: BEARER },
            body: { email: '{{ trigger.body.email }}' },
          },
        },
        {
          id: 'viaConnection',
          type: 'http.request',
          config: { method: 'GET', url: `${first.url}/conn`, connection: conn.json.id },
        },
      ]),
    );
    const eventId = await sendEvent(flow.url, { email: 'a@example.test' });
    const run = await finishedRun(t, { eventId });
    runId = run.id;
    expect(run.status, JSON.stringify(run)).toBe('succeeded');

    // The first origin got the credentials: the call really uses them.
    const inlineFirst = first.requests.find((r) => r.path === '/inline')!;
    expect(inlineFirst.headers.authorization).toBe(`Bearer ${BEARER}`);
    expect(inlineFirst.headers['x-api-key']).toBe(API_KEY);
    expect(first.requests.find((r) => r.path === '/conn')!.headers['x-shop-secret']).toBe(CONN_SECRET);

    // The second origin got the requests (307 keeps method and body) and none of them.
    const inlineSecond = second.requests.find((r) => r.path === '/landed/inline')!;
    const connSecond = second.requests.find((r) => r.path === '/landed/conn')!;
    expect(inlineSecond.method).toBe('POST');
    expect(JSON.parse(inlineSecond.body)).toEqual({ email: 'a@example.test' });
    for (const r of [inlineSecond, connSecond]) {
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers['x-api-key']).toBeUndefined();
      expect(r.headers['x-shop-secret']).toBeUndefined();
      expect(secretsIn(r.headers)).toEqual([]);
    }
  });

  it('GET /runs/{id} shows the step input with the typed secrets masked', async () => {
    expect(runId).toBeDefined();
    const res = await api(`/api/v1/runs/${runId}`, { key: t.apiKey });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(BEARER);
    expect(res.text).not.toContain(API_KEY);
    const input = step(res.json, 'inline').input;
    expect(input.auth).toEqual({ type: 'bearer', token: '[redacted]' });
    expect(input.headers['X-Api-Key']).toBe('[redacted]');
    expect(input.headers['X-Trace']).toBe('keep-or-drop');
    expect(input.url).toBe(`${first.url}/inline`);
  });

  it('from https to http is not followed, so nothing goes out in clear text', async () => {
    // A self-signed https server in this process; trusting it is scoped to this test.
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const secure = https.createServer(
      { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) },
      (req, res) => {
        req.resume();
        res.writeHead(308, { location: `${second.url}/downgraded` }).end();
      },
    );
    await new Promise<void>((r) => secure.listen(0, '127.0.0.1', r));
    const port = (secure.address() as AddressInfo).port;
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const call = outboundRequest({
        method: 'POST',
        url: `https://127.0.0.1:${port}/start`,
        headers: { authorization: `Bearer ${BEARER}`, 'x-api-key': API_KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ card: 'secret' }),
      });
      await expect(call).rejects.toBeInstanceOf(OutboundError);
      await expect(call).rejects.toMatchObject({ kind: 'blocked' });
      expect(second.requests.filter((r) => r.path === '/downgraded')).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
      await new Promise((r) => secure.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('backup-check pagination', () => {
  it('reads a next page on another origin without the connection’s credentials', async () => {
    const source = await startRecordingServer(() => ({
      status: 200,
      body: { items: [{ id: 'a1' }], next: `${elsewhere.url}/page2` },
    }));
    const elsewhere = await startRecordingServer(() => ({ status: 200, body: { items: [{ id: 'b2' }], next: null } }));
    try {
      const conn = await api('/api/v1/connections', {
        key: t.apiKey,
        body: { type: 'http', name: 'Poll auth', config: { auth: { type: 'bearer', token: POLL_TOKEN } } },
      });
      expect(conn.status, conn.text).toBe(201);
      const flow = await api('/api/v1/flows', {
        key: t.apiKey,
        body: { name: 'poll', graph: { nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }], edges: [] } },
      });
      const preview = await api(`/api/v1/flows/${flow.json.id}/backup-check/preview`, {
        key: t.apiKey,
        method: 'POST',
        body: {
          config: {
            url: `${source.url}/list`,
            connection: conn.json.id,
            itemsPath: 'items',
            idPath: 'id',
            nextPath: 'next',
            intervalMinutes: 60,
          },
        },
      });
      expect(preview.status, preview.text).toBe(200);
      expect(preview.json).toMatchObject({ ok: true, found: 2, pages: 2 });
      expect(source.requests[0]!.headers.authorization).toBe(`Bearer ${POLL_TOKEN}`);
      expect(elsewhere.requests).toHaveLength(1);
      expect(elsewhere.requests[0]!.headers.authorization).toBeUndefined();
      expect(secretsIn(elsewhere.requests[0]!.headers)).toEqual([]);
    } finally {
      await source.close();
      await elsewhere.close();
    }
  });
});
