import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { startMailCatcher } from '../helpers/mail-catcher';
import { freePort } from '../helpers/ports';
import { chain, finishedRun, publishedFlow, sendEvent } from '../helpers/run-flows';
import { createConnection } from '../helpers/step-context';
import { baseUrl, createTenant } from '../helpers/tenant';

// Issue 16, item 8, in Chromium: SMTP is down, the acknowledgement fails; the
// person replays from the failed step once SMTP is back. Original and replay
// link to each other (run page and runs list), and a second replay asks first,
// saying the email would be sent again — Cancel sends nothing.

let browser: Browser | undefined;
let mail: Awaited<ReturnType<typeof startMailCatcher>> | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});
afterAll(async () => {
  await mail?.close();
});

const short = (id: string) => id.slice(-8);

describe('replays, linked both ways', () => {
  it('links original and replay, and asks before replaying a second time', async () => {
    const t = await createTenant('replay-links');
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
    const original = await finishedRun(t, { eventId: await sendEvent(flow.url, { email: 'ana@example.com' }) });
    expect(original.status).toBe('failed');
    mail = await startMailCatcher(port); // SMTP is back

    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, t.cookie, baseUrl());
    await page.goto(`${baseUrl()}/runs/${original.id}`);
    expect(await page.getByTestId('replay-links').count()).toBe(0);
    // The first replay needs no confirmation.
    await page.getByRole('button', { name: 'Replay from failed step' }).click();
    await page.waitForURL((u) => !u.pathname.endsWith(original.id));
    const firstReplayId = page.url().split('/').pop()!;
    expect((await finishedRun(t, { runId: firstReplayId })).status).toBe('succeeded');
    await mail.waitForMail('ana@example.com');
    expect(mail.messages).toHaveLength(1);

    // The replay links back …
    const back = page.getByRole('link', { name: `Replay of run ${short(original.id)}` });
    await back.waitFor();
    await back.click();
    await page.waitForURL(`**/runs/${original.id}`);
    // … and the original links forward.
    await page.getByRole('link', { name: `Replayed as run ${short(firstReplayId)}` }).waitFor();

    // A second replay asks first, naming what would happen again.
    await page.getByRole('button', { name: 'Replay from failed step' }).click();
    const confirm = page.getByTestId('replay-confirm');
    await confirm.waitFor();
    const text = await confirm.innerText();
    expect(text).toContain('This run was already replayed on');
    expect(text).toContain(`run ${short(firstReplayId)}`);
    expect(text).toContain('the email “Send email” would be sent again');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await db.run.count({ where: { replayOfId: original.id } })).toBe(1);

    await page.getByRole('button', { name: 'Replay from failed step' }).click();
    await page.getByTestId('replay-confirm').getByRole('button', { name: 'Replay again' }).click();
    await page.waitForURL((u) => !u.pathname.endsWith(original.id));
    const secondReplayId = page.url().split('/').pop()!;
    expect(secondReplayId).not.toBe(firstReplayId);
    expect((await finishedRun(t, { runId: secondReplayId })).status).toBe('succeeded');
    expect(mail.messages).toHaveLength(2);

    // The runs list marks both sides.
    await page.goto(`${baseUrl()}/flows/${flow.id}/runs`);
    const originalRow = page.locator(`tr[data-run-id="${original.id}"]`);
    expect(await originalRow.getByTestId('replayed-marker').innerText()).toBe('replayed ×2');
    for (const id of [firstReplayId, secondReplayId]) {
      const marker = page.locator(`tr[data-run-id="${id}"]`).getByTestId('replay-of-marker');
      expect(await marker.innerText()).toBe(`replay of ${short(original.id)}`);
    }
    await originalRow.getByTestId('replayed-marker').click();
    await page.waitForURL(`**/runs/${original.id}`);
  });
});
