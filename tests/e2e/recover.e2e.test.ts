import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeAudit } from '../helpers/axe-audit';
import type { Browser } from '../helpers/browser';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent } from '../helpers/run-flows';
import { createTenant, type Tenant } from '../helpers/tenant';
import { RunPage, RunsPage } from './pages/runs';
import { signedInBrowser } from './pages/signed-in';

// Issue 17 in Chromium: find a customer's failed run with the Runs page's
// search, correct the event's body on the run page (a JSON error shows next
// to the field), replay it and follow the link to the new run, which succeeds.
// The `it`s run in order.

describe('recovering a failed run in the browser', () => {
  let t: Tenant;
  let target: Awaited<ReturnType<typeof startRecordingServer>>;
  let browser: Browser;
  let failedId: string;
  let run: RunPage;

  beforeAll(async () => {
    target = await startRecordingServer((r) => {
      const { email } = JSON.parse(r.body || '{}') as { email?: string };
      return email?.includes('@')
        ? { status: 200, body: { ok: true } }
        : { status: 400, body: { error: 'invalid email' } };
    });
    t = await createTenant('recover-e2e');
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
    failedId = failed.id;
    await finishedRun(t, { eventId: await sendEvent(flow.url, { email: 'eve@example.com', name: 'Eve' }) });
    browser = await signedInBrowser(t.cookie);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.close();
  });

  it('the Runs page’s search finds the run by part of the email, in any case', async () => {
    const runs = await RunsPage.open(browser.page);
    await runs.rows().nth(1).waitFor();
    await runs.searchUntil('DANA-AT', 1);
    run = await runs.openRunById(failedId);
  });

  it('a corrected body that is not JSON shows the error by the field and cannot be replayed', async () => {
    const field = await run.editAndReplay();
    await field.fill('{"email": "dana@example.com",');
    await browser.page.getByText(/Not valid JSON/).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await run.replayWithBodyButton().isDisabled()).toBe(true);
    expect(await axeAudit(browser.page)).toEqual([]);
  });

  it('replaying with the corrected body links to a new run that succeeds', async () => {
    const { page } = browser;
    await page.getByLabel('Corrected event body (JSON)').fill('{"email": "dana@example.com", "name": "Dana"}');
    await run.replayWithBodyButton().click();
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
    await page.getByRole('link', { name: `Replay of run ${failedId.slice(-8)}` }).waitFor();
  });
});
