import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeAudit } from '../helpers/axe-audit';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent } from '../helpers/run-flows';
import { baseUrl, createTenant } from '../helpers/tenant';

// Issue 17 in Chromium: find a customer's failed run with the Runs page's
// search, correct the event's body on the run page (a JSON error shows next
// to the field), replay it and follow the link to the new run, which succeeds.

let browser: Browser | undefined;
let target: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  target = await startRecordingServer((r) => {
    const { email } = JSON.parse(r.body || '{}') as { email?: string };
    return email?.includes('@')
      ? { status: 200, body: { ok: true } }
      : { status: 400, body: { error: 'invalid email' } };
  });
});
afterAll(async () => {
  await target?.close();
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('recovering a failed run in the browser', () => {
  it('finds the run by email, edits the body and replays it', async () => {
    const t = await createTenant('recover-e2e');
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'signup',
          type: 'http.request',
          config: { url: `${target.url}/signup`, body: { email: '{{ trigger.body.email }}' } },
        },
      ]),
      'Signups',
    );
    const failed = await finishedRun(t, {
      eventId: await sendEvent(flow.url, { email: 'dana-at-example.com', name: 'Dana' }),
    });
    expect(failed.status).toBe('failed');
    await finishedRun(t, { eventId: await sendEvent(flow.url, { email: 'eve@example.com', name: 'Eve' }) });

    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, t.cookie, baseUrl());
    await page.goto(`${baseUrl()}/runs`);
    await page.getByTestId('runs-table').locator('tr[data-run-id]').nth(1).waitFor();
    // Typed again on each try: keys typed before the page has hydrated reach no handler.
    const search = page.getByTestId('runs-search');
    const rows = page.getByTestId('runs-table').locator('tr[data-run-id]');
    await expect
      .poll(
        async () => {
          await search.fill('');
          await search.fill('DANA-AT');
          return rows.count();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBe(1);
    await page.locator(`tr[data-run-id="${failed.id}"]`).getByRole('link').first().click();
    await page.waitForURL(`**/runs/${failed.id}`);

    await page.getByRole('button', { name: 'Edit and replay' }).click();
    const field = page.getByLabel('Corrected event body (JSON)');
    await field.fill('{"email": "dana@example.com",');
    await page.getByText(/Not valid JSON/).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Replay with this body' }).isDisabled()).toBe(true);
    expect(await axeAudit(page)).toEqual([]);

    await field.fill('{"email": "dana@example.com", "name": "Dana"}');
    await page.getByRole('button', { name: 'Replay with this body' }).click();
    const link = page.getByTestId('edit-replay-run-link');
    await link.waitFor();
    const newRunId = (await link.getAttribute('href'))!.split('/').pop()!;
    await link.click();
    await page.waitForURL(`**/runs/${newRunId}`);
    expect((await finishedRun(t, { runId: newRunId })).status).toBe('succeeded');
    expect(target.requests.map((r) => JSON.parse(r.body).email)).toEqual([
      'dana-at-example.com',
      'eve@example.com',
      'dana@example.com',
    ]);
    await page.getByRole('link', { name: `Replay of run ${failed.id.slice(-8)}` }).waitFor();
  });
});
