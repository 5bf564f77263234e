import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import type { Browser } from '../helpers/browser';
import { startMailCatcher } from '../helpers/mail-catcher';
import { freePort } from '../helpers/ports';
import { chain, finishedRun, publishedFlow, sendEvent } from '../helpers/run-flows';
import { createConnection } from '../helpers/step-context';
import { createTenant, type Tenant } from '../helpers/tenant';
import { RunPage, RunsPage } from './pages/runs';
import { signedInBrowser } from './pages/signed-in';

// Issue 16, item 8, in Chromium: SMTP is down, the acknowledgement fails; the
// person replays from the failed step once SMTP is back. Original and replay
// link to each other (run page and runs list), and a second replay asks first,
// saying the email would be sent again — Cancel sends nothing. The `it`s run
// in order on one browser.

const short = (id: string) => id.slice(-8);

describe('replays, linked both ways', () => {
  let t: Tenant;
  let flowId: string;
  let originalId: string;
  let firstReplayId: string;
  let secondReplayId: string;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let browser: Browser;
  let run: RunPage;

  beforeAll(async () => {
    t = await createTenant('replay-links');
    const port = await freePort(); // nothing listens yet: SMTP is "down"
    const smtp = await createConnection(t, 'smtp', { host: '127.0.0.1', port, from: 'Acme <hello@acme.test>' });
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'ack',
          type: 'email.send',
          config: { connection: smtp, to: '{{ trigger.body.email }}', subject: 'Thanks', text: 'We got it.' },
          retry: { attempts: 1 },
        },
      ]),
      'Enquiries',
    );
    flowId = flow.id;
    const original = await finishedRun(t, { eventId: await sendEvent(flow.url, { email: 'ana@example.com' }) });
    expect(original.status).toBe('failed');
    originalId = original.id;
    mail = await startMailCatcher(port); // SMTP is back
    browser = await signedInBrowser(t.cookie);
  });
  afterAll(async () => {
    await browser?.close();
    await mail?.close();
  });

  it('the first replay from the failed step needs no confirmation, and the email goes out', async () => {
    run = await RunPage.open(browser.page, originalId);
    expect(await browser.page.getByTestId('replay-links').count()).toBe(0);
    firstReplayId = await run.replay('Replay from failed step');
    expect((await finishedRun(t, { runId: firstReplayId })).status).toBe('succeeded');
    await mail.waitForMail('ana@example.com');
    expect(mail.messages).toHaveLength(1);
  });

  it('the replay links back to the original, and the original forward to the replay', async () => {
    const { page } = browser;
    const back = page.getByRole('link', { name: `Replay of run ${short(originalId)}` });
    await back.waitFor();
    await back.click();
    await page.waitForURL(`**/runs/${originalId}`);
    await page.getByRole('link', { name: `Replayed as run ${short(firstReplayId)}` }).waitFor();
  });

  it('a second replay asks first, naming the email that would go again; Cancel replays nothing', async () => {
    await run.replayButton('Replay from failed step').click();
    const confirm = run.replayConfirm();
    await confirm.waitFor();
    const text = await confirm.innerText();
    expect(text).toContain('This run was already replayed on');
    expect(text).toContain(`run ${short(firstReplayId)}`);
    expect(text).toContain('the email “Send email” would be sent again');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await db.run.count({ where: { replayOfId: originalId } })).toBe(1);
  });

  it('“Replay again” replays a second time and sends the email again', async () => {
    const { page } = browser;
    await run.replayButton('Replay from failed step').click();
    await run.replayConfirm().getByRole('button', { name: 'Replay again' }).click();
    await page.waitForURL((u) => !u.pathname.endsWith(originalId));
    secondReplayId = run.id();
    expect(secondReplayId).not.toBe(firstReplayId);
    expect((await finishedRun(t, { runId: secondReplayId })).status).toBe('succeeded');
    expect(mail.messages).toHaveLength(2);
  });

  it('the runs list marks the original and both replays; the marker opens the original', async () => {
    const runs = await RunsPage.open(browser.page, flowId);
    const originalRow = runs.runRow(originalId);
    expect(await originalRow.getByTestId('replayed-marker').innerText()).toBe('replayed ×2');
    for (const id of [firstReplayId, secondReplayId]) {
      expect(await runs.runRow(id).getByTestId('replay-of-marker').innerText()).toBe(`replay of ${short(originalId)}`);
    }
    await originalRow.getByTestId('replayed-marker').click();
    await browser.page.waitForURL(`**/runs/${originalId}`);
  });
});
