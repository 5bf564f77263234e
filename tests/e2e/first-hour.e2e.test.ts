import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { openBrowser, type Browser } from '../helpers/browser';
import { createHookFlow, flowEvents } from '../helpers/hooks';
import { waitFor } from '../helpers/ports';
import { api, baseUrl, createTenant } from '../helpers/tenant';
import { EditorPage } from './pages/editor';
import { SettingsPage } from './pages/settings';
import { signedInBrowser } from './pages/signed-in';

// A non-programmer's first hour, in Chromium: a plain HTML form on their own
// site posts to the webhook URL and the person filling it in sees a thank-you
// page; opening the webhook URL in a browser explains it and stores nothing;
// the editor says when the URL cannot be reached from the internet and offers
// the redirect; Settings says when mail goes to the log.

let browser: Browser | undefined;
const servers: http.Server[] = [];
afterEach(async () => {
  await browser?.close();
  browser = undefined;
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** The customer's own site: one page with a plain <form> posting to the webhook URL. */
async function formSite(action: string): Promise<string> {
  const html = `<!doctype html><html><head><title>Contact us</title></head><body>
    <h1>Contact us</h1>
    <form method="post" action="${action}">
      <label>Email <input name="email" type="email"></label>
      <label>Name <input name="name"></label>
      <button type="submit">Send</button>
    </form></body></html>`;
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/contact`;
}

describe('a non-programmer’s first hour', () => {
  it('a plain HTML form posting to the webhook URL shows the person a thank-you page, not JSON', async () => {
    const tenant = await createTenant('first-hour-form');
    const flow = await createHookFlow(tenant);
    const site = await formSite(flow.url);
    browser = await openBrowser();
    const { page } = browser;
    await page.goto(site);
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Name').fill('Ada <Lovelace>');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url() === flow.url && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Send' }).click(),
    ]);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain('Your submission has been received.');
    expect(text).not.toContain('eventId');
    await browser.screenshot('first-hour-thank-you');
    // The link back goes to the form's site.
    await page.getByRole('link', { name: 'Back to the form' }).click();
    await page.waitForURL((u) => u.origin === new URL(site).origin);

    const [event] = await flowEvents(tenant, flow.id, 'accepted');
    expect(event.body).toEqual({ email: 'ada@example.com', name: 'Ada <Lovelace>' });
  });

  it('opening the webhook URL in a browser shows what it is for; the flow’s events stay empty', async () => {
    const tenant = await createTenant('first-hour-open');
    const flow = await createHookFlow(tenant);
    expect(await flowEvents(tenant, flow.id)).toEqual([]);
    browser = await openBrowser();
    const { page } = browser;
    for (const url of [flow.url, flow.testUrl]) {
      const res = await page.goto(url);
      expect(res!.status()).toBe(200);
      await page.getByRole('heading', { name: 'Switchboard webhook address' }).waitFor();
      expect(await page.locator('body').innerText()).toContain(
        'This is a Switchboard webhook address. Forms and apps send data here; there is nothing to see in a browser.',
      );
    }
    await browser.screenshot('first-hour-webhook-info');
    expect(await flowEvents(tenant, flow.id)).toEqual([]);
    expect(await db.event.count({ where: { flowId: flow.id } })).toBe(0);
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(0);
  });

  it('the editor notes a webhook URL the internet cannot reach, offers the thank-you redirect and the GET opt-in', async () => {
    // The suite's APP_URL is on 127.0.0.1, as on a laptop without a tunnel.
    expect(new URL(baseUrl()).hostname).toMatch(/^(127\.0\.0\.1|localhost)$/);
    const tenant = await createTenant('first-hour-editor');
    const flow = await createHookFlow(tenant, {}, { publish: false });
    browser = await signedInBrowser(tenant.cookie);
    const { page } = browser;
    const editor = await EditorPage.open(page, flow.id);
    await editor.selectNode('trigger');
    const note = page.getByTestId('webhook-url-local');
    await note.waitFor();
    expect(await note.innerText()).toContain('a form service or app on the internet cannot send to it');
    expect(await note.innerText()).toContain('Reaching Switchboard from the internet');

    const after = page.getByTestId('after-form-post');
    expect(await after.innerText()).toContain('Their browser shows a plain “Thank you!” page from Switchboard.');
    await after.getByLabel('Your thank-you page (optional)').fill('https://example.com/thanks');
    await after.getByText('Their browser goes on to your page below').waitFor();

    const methods = page.getByRole('group', { name: 'Methods that create events' });
    expect(await methods.getByRole('checkbox', { name: 'GET' }).isChecked()).toBe(false);
    expect(await methods.getByRole('checkbox', { name: 'POST' }).isChecked()).toBe(true);
    await methods.getByRole('checkbox', { name: 'GET' }).check();
    await browser.screenshot('first-hour-editor-trigger');
    // The editor saves the draft by itself.
    const config = await waitFor(
      async () => {
        const saved = await api(`/api/v1/flows/${flow.id}`, { key: tenant.apiKey });
        const c = saved.json.graph.nodes.find((n: { type: string }) => n.type === 'trigger.webhook').config;
        return c.methods?.includes('GET') ? c : null;
      },
      { what: 'the draft with GET saved' },
    );
    expect(config).toMatchObject({
      redirectUrl: 'https://example.com/thanks',
      methods: ['POST', 'PUT', 'PATCH', 'GET'],
    });
  });

  it('Settings says when SMTP_URL is unset: alerts and password resets go to the server log', async () => {
    // The suite's web server runs without SMTP_URL.
    const tenant = await createTenant('first-hour-settings');
    browser = await signedInBrowser(tenant.cookie);
    const { page } = browser;
    const settings = await SettingsPage.open(page);
    const smtp = settings.smtpStatus();
    await smtp.waitFor();
    expect(await smtp.innerText()).toContain(
      'Failure alerts and password-reset links are not emailed: they are written to the server log instead.',
    );
    await page.getByText('Email is not set up (SMTP_URL is unset)').waitFor();
    expect(await settings.appUrlStatus().innerText()).toContain('Set APP_URL to a public address');
    await browser.screenshot('first-hour-settings');
  });
});
