import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { axeAudit } from '../../helpers/axe-audit';
import { addSessionCookie, openBrowser, type Browser } from '../../helpers/browser';
import { startRecordingServer } from '../../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent } from '../../helpers/run-flows';
import { baseUrl, createTenant } from '../../helpers/tenant';

// Issue 17 item 1 in Chromium, as a shop owner would: the CRM was down, so a
// customer's sign-ups failed. Search her email, narrow to the flow, select her
// failed runs, replay them from the failed step, watch the progress and the
// summary, see them succeed — and replaying the same runs again does nothing.

let browser: Browser | undefined;
let crm: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  crm = await startRecordingServer(() => ({ status: 503, body: { error: 'maintenance' } }));
});
afterAll(async () => {
  await crm?.close();
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

const callTo = (nodeId: string) =>
  chain([
    {
      id: nodeId,
      type: 'http.request',
      config: { url: `${crm.url}/${nodeId}`, body: { email: '{{ trigger.body.email }}' } },
      retry: { attempts: 1 },
    },
  ]);

describe('replaying a customer’s failed runs from the runs page', () => {
  it('search → flow filter → select → replay from failed step → progress → summary → succeeded, never twice', async () => {
    const t = await createTenant('bulk-e2e');
    const signups = await publishedFlow(t, callTo('signup'), 'Signups');
    const newsletter = await publishedFlow(t, callTo('newsletter'), 'Newsletter');
    const failed = [];
    for (const [flow, email] of [
      [signups, 'dana@shop.test'],
      [signups, 'dana@shop.test'],
      [signups, 'eve@shop.test'],
      [newsletter, 'dana@shop.test'],
    ] as const) {
      failed.push(await finishedRun(t, { eventId: await sendEvent(flow.url, { email, name: email.split('@')[0] }) }));
    }
    expect(failed.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    crm.reply(() => ({ status: 200, body: { ok: true } }));

    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, t.cookie, baseUrl());
    await page.goto(`${baseUrl()}/runs`);
    const rows = page.getByTestId('runs-table').locator('tr[data-run-id]');
    await rows.nth(3).waitFor();
    // Typed again on each try: keys typed before the page has hydrated reach no handler.
    const search = page.getByTestId('runs-search');
    await expect
      .poll(
        async () => {
          await search.fill('');
          await search.fill('DANA@shop');
          return rows.count();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe(3);
    await page.getByLabel('Filter by flow').selectOption({ label: 'Signups' });
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    expect(page.url()).toContain(`flowId=${signups.id}`);

    await page.getByLabel('Select all runs shown').check();
    await page.getByTestId('bulk-replay-bar').getByText('2 selected').waitFor();
    expect(await axeAudit(page)).toEqual([]);
    await page.getByRole('button', { name: 'Replay from failed step' }).click();
    const summary = page.getByTestId('bulk-replay-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toBe('2 replayed · 0 skipped · 0 errors');

    // The replays appear in the list (they match the same search) and succeed.
    await expect
      .poll(() => page.locator('tr[data-run-id][data-status="succeeded"]').count(), { timeout: 30_000 })
      .toBe(2);
    expect(crm.requests.map((r) => `${r.path} ${JSON.parse(r.body).email}`)).toEqual([
      '/signup dana@shop.test',
      '/signup dana@shop.test',
    ]);

    // The same customer's runs selected again (originals and replays): nothing is replayed twice.
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => rows.count()).toBe(4);
    await page.getByLabel('Select all runs shown').check();
    await page.getByRole('button', { name: 'Replay from failed step' }).click();
    await summary.waitFor();
    expect(await summary.textContent()).toBe('0 replayed · 4 skipped (2 already replayed, 2 not failed) · 0 errors');
    expect(crm.requests).toHaveLength(2);
    const replays = await db.run.count({ where: { replayOfId: { in: failed.map((r) => r.id) } } });
    expect(replays).toBe(2);
  });

  it('“select all N matching” replays every failed run of the flow the alert linked to, beyond the page shown', async () => {
    const t = await createTenant('bulk-all');
    crm.reply(() => ({ status: 503, body: { error: 'maintenance' } }));
    const orders = await publishedFlow(t, callTo('orders'), 'Orders');
    const events = await Promise.all(
      Array.from({ length: 55 }, (_, n) => sendEvent(orders.url, { email: `buyer${n}@shop.test` })),
    );
    for (const eventId of events) expect((await finishedRun(t, { eventId })).status).toBe('failed');
    crm.reply(() => ({ status: 200, body: { ok: true } }));

    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, t.cookie, baseUrl());
    // The link a failure alert carries.
    await page.goto(`${baseUrl()}/runs?flowId=${orders.id}&status=failed`);
    const rows = page.getByTestId('runs-table').locator('tr[data-run-id]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(50);
    await expect
      .poll(
        async () => {
          await page.getByLabel('Select all runs shown').check();
          return page.getByRole('button', { name: 'Select all 55 matching runs' }).isVisible();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe(true);
    await page.getByRole('button', { name: 'Select all 55 matching runs' }).click();
    await page.getByText('All 55 matching runs selected').waitFor();
    await page.getByRole('button', { name: 'Replay from failed step' }).click();
    const summary = page.getByTestId('bulk-replay-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toBe('55 replayed · 0 skipped · 0 errors');
    const replays = await db.run.findMany({
      where: { flowId: orders.id, replayOfId: { not: null } },
      select: { id: true },
    });
    expect(replays).toHaveLength(55);
    for (const r of replays) expect((await finishedRun(t, { runId: r.id })).status).toBe('succeeded');
    expect(new Set(crm.requests.map((r) => JSON.parse(r.body).email)).size).toBe(55);
    expect(crm.requests).toHaveLength(55);
  });
});
