import http from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { openBrowser, type Browser } from '../helpers/browser';
import { createHookFlow, flowEvents } from '../helpers/hooks';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { baseUrl, createTenant, randomIp, type Tenant } from '../helpers/tenant';

// Issue 13, class 6 (first half): abuse of the public surface — oversized API
// bodies, floods of refused webhooks, open redirects after sign-in, framing.

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('intake');
});

const MiB = 1024 * 1024;

/**
 * POSTs to the API declaring `declared` bytes (or chunked when null) and sends
 * the body in 64 KiB pieces, slowly, only while no answer has come. Resolves
 * with the status and how many bytes had been sent when the answer arrived.
 */
function slowPost(
  path: string,
  declared: number | null,
  total: number,
): Promise<{ status: number; sent: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl());
    const headers: Record<string, string | number> = {
      authorization: `Bearer ${t.apiKey}`,
      'content-type': 'application/json',
    };
    if (declared !== null) headers['content-length'] = declared;
    const req = http.request(url, { method: 'POST', headers });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const at = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode!, sent: at, body: Buffer.concat(chunks).toString('utf8') });
        req.destroy();
      });
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const piece = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      if (answered || req.destroyed) return;
      if (sent >= total) return void req.end();
      sent += piece.length;
      req.write(piece);
      setTimeout(pump, 20);
    };
    req.write('{"name":"x","pad":"');
    pump();
  });
}

describe('/api/v1 request bodies', () => {
  it('a 5 MiB body answers 413 and creates nothing', async () => {
    const body = JSON.stringify({ name: 'huge', pad: 'a'.repeat(5 * MiB) });
    const res = await fetch(`${baseUrl()}/api/v1/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: 'payload_too_large', message: expect.stringContaining('1 MiB') },
    });
    expect(await db.flow.count({ where: { workspaceId: t.workspaceId, name: 'huge' } })).toBe(0);
  });

  it('a declared 50 MiB body is refused with 413 before it is sent, not buffered', async () => {
    const res = await slowPost('/api/v1/flows', 50 * MiB, 50 * MiB);
    expect(res.status).toBe(413);
    expect(res.sent).toBeLessThan(50 * MiB);
  });

  it('a chunked body without a length is cut off once past 1 MiB', async () => {
    const res = await slowPost('/api/v1/flows', null, 5 * MiB);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('payload_too_large');
  });
});

describe('refused webhook floods', () => {
  it('300 refused requests from one client: limited after 60, a bounded number of rows, every refusal accounted for', async () => {
    const flow = await createHookFlow(t, { signature: { scheme: 'shared-secret', secret: 'right', header: 'X-Key' } });
    const send = (key: string, headers: Record<string, string> = {}) =>
      fetch(flow.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-key': key, ...headers },
        body: '{}',
      });
    const N = 300;
    const answers: Response[] = [];
    for (let i = 0; i < N; i += 30)
      answers.push(...(await Promise.all(Array.from({ length: 30 }, () => send('wrong')))));
    const refused = answers.filter((r) => r.status === 401).length;
    const limited = answers.filter((r) => r.status === 429);
    expect(refused + limited.length).toBe(N);
    expect(refused).toBeGreaterThanOrEqual(60);
    expect(refused).toBeLessThanOrEqual(90);
    expect(limited[0]!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await limited[0]!.json()).toEqual({
      error: { code: 'rate_limited', message: expect.stringContaining('refused requests') },
    });

    // The blocked client is blocked for this URL; another client with the right secret is not.
    expect((await send('right')).status).toBe(429);
    expect((await send('right', { 'x-forwarded-for': randomIp() })).status).toBe(202);

    // Single rows are written before the answer; past the first 10 a minute they are only counted.
    expect(await db.event.count({ where: { flowId: flow.id, status: 'refused' } })).toBeLessThanOrEqual(22);
    const items = await waitFor(
      async () => {
        const list = await flowEvents(t, flow.id, 'refused');
        const total = list.reduce((n: number, e: { refusedCount: number | null }) => n + (e.refusedCount ?? 1), 0);
        return total === refused ? list : null;
      },
      { what: `${refused} refusals to be accounted for` },
    );
    expect(items.length).toBeLessThanOrEqual(22);
    expect(items.some((e: { refusedCount: number | null }) => (e.refusedCount ?? 0) > 1)).toBe(true);
    for (const e of items) expect(e).toMatchObject({ status: 'refused', httpStatus: 401, body: null });
  });
});

describe('pages', () => {
  it('carry security headers: no framing, a CSP, a referrer policy, nosniff', async () => {
    for (const path of ['/sign-in', '/']) {
      const res = await fetch(`${baseUrl()}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('sign-in next', () => {
  let browser: Browser | undefined;
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });

  it('stays on the site for /\\evil and /%09/evil, in Chromium (the page works under its CSP)', async () => {
    const evil = await startRecordingServer(() => ({ status: 200, body: 'evil' }));
    try {
      const host = new URL(evil.url).host;
      const evilPort = new URL(evil.url).port;
      for (const next of [`/%5C${host}/phish`, `/%09/${host}/phish`]) {
        browser = await openBrowser();
        const { page } = browser;
        await page.goto(`${baseUrl()}/sign-in?next=${next}`);
        await page.getByLabel('Email').fill(t.email);
        await page.getByLabel('Password', { exact: true }).fill(t.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((u) => u.pathname === '/flows' || u.port === evilPort);
        expect(new URL(page.url()).origin).toBe(new URL(baseUrl()).origin);
        expect(new URL(page.url()).pathname).toBe('/flows');
        await browser.close();
        browser = undefined;
      }
      expect(evil.requests).toHaveLength(0);
    } finally {
      await evil.close();
    }
  });
});
