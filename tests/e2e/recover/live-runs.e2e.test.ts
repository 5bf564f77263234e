import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { addSessionCookie, openBrowser, type Browser } from '../../helpers/browser';
import { waitFor } from '../../helpers/ports';
import { chain, publishedFlow, sendEvent } from '../../helpers/run-flows';
import { baseUrl, createTenant, type Tenant } from '../../helpers/tenant';

// Issue 17 item 7 in Chromium: the runs list and the run page follow a run
// from running to succeeded without a reload over Server-Sent Events — with
// every read of the runs API (the pages' only way to poll) refused, so only
// the stream can have brought the change — and fall back to polling when the
// stream's URL is cut off.

let browser: Browser | undefined;
let slow: http.Server;
let slowUrl: string;
const held: http.ServerResponse[] = [];

beforeAll(async () => {
  // A target that answers only when the test says so: the run stays `running` until then.
  slow = http.createServer((req, res) => {
    req.resume();
    held.push(res);
  });
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of held) res.destroy();
  await new Promise((r) => slow?.close(r));
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** A run whose step is calling out (held): its id. */
async function runningRun(t: Tenant, url: string) {
  const before = held.length;
  const eventId = await sendEvent(url, { email: `live-${Date.now()}@shop.test` });
  await waitFor(async () => held.length > before || null, { what: 'the step to call out' });
  const run = await db.run.findUniqueOrThrow({ where: { originKey: eventId }, select: { id: true, status: true } });
  expect(run.status).toBe('running');
  return run.id;
}

const release = () => held.shift()!.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');

async function signedIn(t: Tenant): Promise<Page> {
  browser = await openBrowser();
  await addSessionCookie(browser.context, t.cookie, baseUrl());
  return browser.page;
}

/** Refuses every read of the runs REST API but the stream (GET /runs, /runs/count, /runs/{id}): the pages' polling. */
async function refusePolling(page: Page) {
  const refused: string[] = [];
  await page.route('**/api/v1/runs**', (route) => {
    const { pathname } = new URL(route.request().url());
    if (route.request().method() === 'GET' && pathname !== '/api/v1/runs/stream') {
      refused.push(pathname);
      return route.abort();
    }
    return route.continue();
  });
  return refused;
}

describe('live run updates', () => {
  it('over the stream, with polling impossible: the list and the run page see running → succeeded', async () => {
    const t = await createTenant('live-e2e');
    const flow = await publishedFlow(
      t,
      chain([{ id: 'call', type: 'http.request', config: { url: slowUrl } }]),
      'Slow',
    );
    const listed = await runningRun(t, flow.url);
    const page = await signedIn(t);
    await page.goto(`${baseUrl()}/runs`);
    const row = page.locator(`tr[data-run-id="${listed}"]`);
    expect(await row.getAttribute('data-status')).toBe('running');
    await refusePolling(page);
    await page.locator('[data-testid="live-mode"][data-mode="stream"]').waitFor();
    release();
    await page.locator(`tr[data-run-id="${listed}"][data-status="succeeded"]`).waitFor({ timeout: 20_000 });

    const shown = await runningRun(t, flow.url);
    await page.goto(`${baseUrl()}/runs/${shown}`);
    await page.getByRole('heading', { name: /Run\s*running/ }).waitFor();
    await page.locator('[data-testid="live-mode"][data-mode="stream"]').waitFor();
    const refused = await refusePolling(page);
    release();
    await page.getByRole('heading', { name: /Run\s*succeeded/ }).waitFor({ timeout: 20_000 });
    // The page tried to read the finished run's steps and was refused: the status came from the stream.
    await waitFor(async () => refused.includes(`/api/v1/runs/${shown}`) || null, {
      what: 'the page to ask for the steps',
    });
  });

  it('falls back to polling when the stream is cut off', async () => {
    const t = await createTenant('live-fallback');
    const flow = await publishedFlow(
      t,
      chain([{ id: 'call', type: 'http.request', config: { url: slowUrl } }]),
      'Slow',
    );
    const runId = await runningRun(t, flow.url);
    const page = await signedIn(t);
    const cut: string[] = [];
    await page.route('**/api/v1/runs/stream**', (route) => {
      cut.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${baseUrl()}/runs`);
    await page.locator('[data-testid="live-mode"][data-mode="polling"]').waitFor();
    expect(await page.getByTestId('live-mode').textContent()).toBe('Updates every few seconds');
    release();
    await page.locator(`tr[data-run-id="${runId}"][data-status="succeeded"]`).waitFor({ timeout: 20_000 });
    expect(cut.length).toBeGreaterThan(0);
  });
});
