import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicOnlyPolicy, withOutboundPolicy, type OutboundPolicy } from '../../net/address-policy';
import { StepError, type StepContext } from '../../steps/types';
import { httpRequestConfig } from './request';
import { runHttpRequest } from './request.run';

// Real HTTP against a local server; the SSRF cases run with the public-only
// policy (OUTBOUND_ALLOW_PRIVATE=false) and must be refused before any connect.

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
let seen: Seen[] = [];
let server: http.Server;
let base: string;
let port: number;

const ctx = (over: Partial<StepContext> = {}): StepContext => ({
  workspaceId: '00000000-0000-7000-8000-000000000000',
  flowId: 'f',
  runId: 'r',
  nodeId: 'call',
  attempt: 1,
  idempotencyKey: 'run:r:call',
  signal: new AbortController().signal,
  connection: async () => {
    throw new Error('no connections here');
  },
  ...over,
});

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const u = new URL(req.url!, 'http://x');
      if (u.pathname === '/json')
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"n":1}');
      if (u.pathname === '/text') return res.writeHead(201, { 'content-type': 'text/plain' }).end('hello');
      if (u.pathname === '/big')
        return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(2 * 1024 * 1024));
      if (u.pathname === '/redirect-local') return res.writeHead(302, { location: '/json' }).end();
      if (u.pathname === '/redirect-loop') return res.writeHead(302, { location: '/redirect-loop' }).end();
      if (u.pathname === '/redirect-loopback') return res.writeHead(302, { location: u.searchParams.get('to')! }).end();
      if (u.pathname === '/404')
        return res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"nope"}');
      if (u.pathname === '/429') return res.writeHead(429, { 'retry-after': '7' }).end('slow down');
      if (u.pathname === '/503') return res.writeHead(503).end('down');
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const allowLocal: OutboundPolicy = { check: () => null };
const run = (config: Record<string, unknown>, policy = allowLocal) =>
  withOutboundPolicy(policy, async () => runHttpRequest.run(httpRequestConfig.parse(config), ctx()));

async function failure(p: Promise<unknown>): Promise<StepError> {
  const err = await p.then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeInstanceOf(StepError);
  return err as StepError;
}

describe('http.request', () => {
  it('sends method, headers, query, JSON body and the idempotency key; parses a JSON answer', async () => {
    seen = [];
    const out: any = await run({
      method: 'POST',
      url: `${base}/json?a=1`,
      headers: { 'X-Custom': 'yes' },
      query: { b: 'two words' },
      body: { email: 'a@b.test', n: 2 },
      auth: { type: 'bearer', token: 'tok-123' },
    });
    expect(out).toMatchObject({ status: 200, body: { ok: true, n: 1 } });
    expect(out.headers['content-type']).toBe('application/json');
    const req = seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/json?a=1&b=two+words');
    expect(req.headers['x-custom']).toBe('yes');
    expect(req.headers['idempotency-key']).toBe('run:r:call');
    expect(req.headers.authorization).toBe('Bearer tok-123');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ email: 'a@b.test', n: 2 });
  });

  it('sends form bodies and basic auth, returns text bodies as text', async () => {
    seen = [];
    const out: any = await run({
      method: 'PUT',
      url: `${base}/text`,
      body: { a: '1', b: 'x y' },
      bodyType: 'form',
      auth: { type: 'basic', username: 'u', password: 'p' },
    });
    expect(out).toMatchObject({ status: 201, body: 'hello' });
    expect(seen[0]!.body).toBe('a=1&b=x+y');
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('follows a redirect to an allowed address', async () => {
    const out: any = await run({ method: 'GET', url: `${base}/redirect-local` });
    expect(out.body).toEqual({ ok: true, n: 1 });
  });

  it('caps the response body at 1 MiB', async () => {
    const out: any = await run({ method: 'GET', url: `${base}/big` });
    expect(out.body.length).toBe(1024 * 1024);
    expect(out.truncated).toBe(true);
  });

  it('fails for good on a 4xx, with the answer in the message', async () => {
    const err = await failure(run({ method: 'GET', url: `${base}/404` }));
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('404');
    expect(err.message).toContain('nope');
  });

  it('retries 429 honouring Retry-After, and 5xx', async () => {
    const e429 = await failure(run({ method: 'GET', url: `${base}/429` }));
    expect(e429.retryable).toBe(true);
    expect(e429.retryAfterMs).toBe(7000);
    const e503 = await failure(run({ method: 'GET', url: `${base}/503` }));
    expect(e503.retryable).toBe(true);
  });

  it('treats a 3xx left after the redirect cap as a failure that is not retried', async () => {
    const err = await failure(run({ method: 'GET', url: `${base}/redirect-loop` }));
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('302');
  });

  it('retries network errors', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const p = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failure(run({ method: 'GET', url: `http://127.0.0.1:${p}/` }));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/refused/);
  });
});

describe('http.request SSRF guard (OUTBOUND_ALLOW_PRIVATE=false)', () => {
  it.each([
    ['http://127.0.0.1:1/x', 'loopback'],
    ['http://10.0.0.1/x', 'private network'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[::ffff:127.0.0.1]/x', 'IPv4-mapped'],
    ['http://[::1]/x', 'loopback'],
    ['http://100.64.1.2/x', 'carrier-grade NAT'],
    ['http://localhost:1/x', 'loopback'],
  ])('refuses %s before connecting', async (url, label) => {
    const err = await failure(run({ method: 'GET', url }, publicOnlyPolicy));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^Refused to connect/);
    expect(err.message).toContain(label);
  });

  it('refuses a redirect from an allowed server to loopback', async () => {
    seen = [];
    // Only the first hop (this test's server) counts as "public".
    const firstHopOnly: OutboundPolicy = {
      check: (ip, p) => (ip === '127.0.0.1' && p === port ? null : publicOnlyPolicy.check(ip, p)),
    };
    const target = `http://localhost:${port + 1}/admin`;
    const err = await failure(
      run({ method: 'GET', url: `${base}/redirect-loopback?to=${encodeURIComponent(target)}` }, firstHopOnly),
    );
    expect(seen).toHaveLength(1);
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('Refused to connect to localhost');
    expect(err.message).toContain('loopback');
  });

  it('refuses a redirect to the metadata address', async () => {
    const firstHopOnly: OutboundPolicy = {
      check: (ip, p) => (ip === '127.0.0.1' && p === port ? null : publicOnlyPolicy.check(ip, p)),
    };
    const err = await failure(
      run(
        { method: 'GET', url: `${base}/redirect-loopback?to=${encodeURIComponent('http://169.254.169.254/')}` },
        firstHopOnly,
      ),
    );
    expect(err.message).toContain('metadata');
  });
});
