import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent } from '../helpers/run-flows';
import { baseUrl, createTenant } from '../helpers/tenant';

// Issue 16, item 11, in Chromium: run pages hydrate without React error #418
// (a "so far" duration was computed from the server's clock, then the
// browser's), and on a phone the editor's banner does not cover the trigger.

let browser: Browser | undefined;
let target: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  target = await startRecordingServer((r) =>
    r.path === '/down' ? { status: 503, body: { error: 'down' } } : { status: 200, body: { ok: true } },
  );
});
afterAll(async () => {
  await target?.close();
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** Console errors and uncaught page errors, from now on. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe('run pages', () => {
  it('hydrate without errors, for running, waiting and finished runs', async () => {
    const t = await createTenant('hydration');
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'call',
          type: 'http.request',
          config: { url: `${target.url}/{{ trigger.body.path }}` },
          retry: { attempts: 3, backoffMs: 600_000 },
        },
      ]),
      'Hydration',
    );
    const done = await finishedRun(t, { eventId: await sendEvent(flow.url, { path: 'up' }) });
    const waitingEvent = await sendEvent(flow.url, { path: 'down' });
    const waiting = await waitFor(
      async () => {
        const run = await db.run.findUnique({ where: { originKey: waitingEvent }, select: { id: true, status: true } });
        return run?.status === 'waiting' ? run.id : null;
      },
      { timeoutMs: 30_000, what: 'a run waiting for its retry' },
    );

    browser = await openBrowser();
    const { page } = browser;
    const errors = collectErrors(page);
    await addSessionCookie(browser.context, t.cookie, baseUrl());
    // Several loads each: the mismatch depended on how long hydration took.
    for (const path of [`/runs/${waiting}`, `/runs/${done.id}`, '/runs', `/flows/${flow.id}/runs`]) {
      for (let i = 0; i < 3; i++) {
        await page.goto(`${baseUrl()}${path}`);
        await page.waitForLoadState('networkidle');
      }
    }
    // The waiting run's duration is "so far", counted in the browser.
    await page.goto(`${baseUrl()}/runs/${waiting}`);
    await page.getByText(/Duration \d+(\.\d)? s so far|Duration \d+ min \d+ s so far/).waitFor();
    expect(errors).toEqual([]);
  });
});

describe('the editor on a phone', () => {
  it('keeps the banner off the trigger node', async () => {
    const t = await createTenant('phone');
    // A long chain, as flows grow: fitView then zooms to the canvas's height and puts the trigger at its top.
    const steps = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({
      id,
      type: 'http.request',
      config: { url: `${target.url}/up` },
    }));
    const graph = chain(steps);
    graph.nodes = graph.nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 160 } }));
    const flow = await publishedFlow(t, graph, 'Phone');
    browser = await openBrowser({ viewport: { width: 390, height: 844 } });
    const { page } = browser;
    await addSessionCookie(browser.context, t.cookie, baseUrl());
    await page.goto(`${baseUrl()}/flows/${flow.id}`);
    const banner = page.getByText('View only on a phone');
    await banner.waitFor();
    const trigger = page.getByTestId('node-trigger');
    await trigger.waitFor();
    // fitView settles after the first frames; read the boxes once they stop moving.
    const box = async () => JSON.stringify(await trigger.boundingBox());
    let last = '';
    await expect
      .poll(async () => {
        const now = await box();
        const same = now === last;
        last = now;
        return same;
      })
      .toBe(true);
    const b = (await banner.boundingBox())!;
    const n = (await trigger.boundingBox())!;
    const overlaps = b.x < n.x + n.width && n.x < b.x + b.width && b.y < n.y + n.height && n.y < b.y + b.height;
    expect(overlaps).toBe(false);
    // And the trigger can be tapped to open its settings.
    await trigger.locator('p').first().click();
    await page.getByTestId('config-panel').waitFor();
  });
});
