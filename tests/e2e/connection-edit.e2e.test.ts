import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { startMailCatcher } from '../helpers/mail-catcher';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';

// Issue 16 item 6 in a real Chromium: an SMTP connection with three settings
// that cannot work shows three messages next to the fields; fixed, it saves;
// edited in place with the password left blank, "Check connection" still
// signs in (the password was kept); a step's picker has it pre-selected; the
// editor's inline form masks the password; a duplicate name is refused.

const PASS = 'smtp-pass-E2eEdit77';
let t: Tenant;
let b: Browser;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;

beforeAll(async () => {
  t = await createTenant('conn-edit-ui');
  mail = await startMailCatcher(undefined, { login: { user: 'mailer', pass: PASS } });
  b = await openBrowser();
  await addSessionCookie(b.context, t.cookie, baseUrl());
});
afterAll(async () => {
  await b?.close();
  await mail?.close();
});

describe('editing connections', () => {
  it('refuses what cannot work with a message per field, saves the fix, edits keeping the password', async () => {
    const { page } = b;
    await page.goto(`${baseUrl()}/connections`);
    await page.getByRole('button', { name: 'New connection' }).first().click();
    const form = page.getByRole('form', { name: 'New connection' });
    await form.getByLabel('Type').selectOption('smtp');
    await form.getByLabel('Name', { exact: true }).fill('Office mail');
    await form.getByLabel('SMTP server').fill('smtp://mail.example.com');
    await form.getByLabel('Port', { exact: true }).fill('99999');
    await form.getByLabel('User name').fill('mailer');
    await form.getByLabel('Password', { exact: true }).fill(PASS);
    await form.getByLabel('From address').fill('not-an-email');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await form.getByText('Enter only the host name, e.g. mail.example.com').waitFor();
    expect(await form.getByText('A port is a number from 1 to 65535').isVisible()).toBe(true);
    expect(await form.getByText('Enter an email address like ana@example.com').isVisible()).toBe(true);
    expect((await api('/api/v1/connections', { key: t.apiKey })).json.items).toHaveLength(0);

    // Fixed, but pointing at a host where nothing listens (the catcher is on 127.0.0.1).
    await form.getByLabel('SMTP server').fill('127.0.0.2');
    await form.getByLabel('Port', { exact: true }).fill(String(mail.port));
    await form.getByLabel('From address').fill('Shop <shop@acme.test>');
    await form.getByRole('button', { name: 'Save connection' }).click();
    const row = page.getByRole('row', { name: /Office mail/ });
    await row.waitFor();
    await row.getByRole('button', { name: 'Check connection' }).click();
    await expect.poll(() => row.getByRole('status').textContent()).toContain('Could not reach');

    // Edit in place: the host only; the password field stays blank and says it is kept.
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit connection' });
    expect(await edit.getByLabel('Name', { exact: true }).inputValue()).toBe('Office mail');
    expect(await edit.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await edit.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('password');
    expect(await edit.getByText('Leave blank to keep the stored value').isVisible()).toBe(true);
    await edit.getByLabel('SMTP server').fill('127.0.0.1');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => row.textContent()).toContain('127.0.0.1');
    await row.getByRole('button', { name: 'Check connection' }).click();
    // The catcher refuses any other password: signing in proves the stored one was kept.
    await expect.poll(() => row.getByRole('status').textContent()).toContain('signed in');
    expect(await row.getByRole('status').textContent()).toContain('accepts shop@acme.test as the sender');
    expect(await page.content()).not.toContain(PASS);
    expect(mail.messages).toHaveLength(0);
  });

  it('refuses a duplicate name next to the Name field', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'New connection' }).first().click();
    const form = page.getByRole('form', { name: 'New connection' });
    await form.getByLabel('Type').selectOption('slack');
    await form.getByLabel('Name', { exact: true }).fill('office mail');
    await form.getByLabel('Incoming webhook URL').fill('https://hooks.slack.com/services/T1/B2/x');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await form.getByText('Another connection already has this name').waitFor();
    expect((await api('/api/v1/connections', { key: t.apiKey })).json.items).toHaveLength(1);
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it("a step's picker pre-selects the only fitting connection; the inline form masks the password and refuses a duplicate", async () => {
    const { page } = b;
    const [conn] = (await api('/api/v1/connections', { key: t.apiKey })).json.items;
    const flow = await api('/api/v1/flows', {
      key: t.apiKey,
      body: {
        name: 'Mail flow',
        graph: {
          nodes: [
            { id: 'trigger', type: 'trigger.webhook', config: {}, position: { x: 0, y: 0 } },
            {
              id: 'mail',
              type: 'email.send',
              config: { to: '{{ trigger.body.email }}', subject: 'Hi', text: 'Thanks' },
              position: { x: 0, y: 160 },
            },
          ],
          edges: [{ source: 'trigger', target: 'mail' }],
        },
      },
    });
    expect(flow.status, flow.text).toBe(201);
    await page.goto(`${baseUrl()}/flows/${flow.json.id}`);
    await page.locator('[data-testid="node-mail"] p').first().click();
    await page.getByTestId('config-panel').waitFor();
    await expect.poll(() => page.getByLabel('Connection', { exact: true }).inputValue()).toBe(conn.id);

    await page.getByRole('button', { name: 'New Email (SMTP) connection' }).click();
    const inline = page.getByRole('group', { name: 'New Email (SMTP) connection' });
    expect(await inline.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('password');
    expect(await inline.getByLabel('Require STARTTLS').count()).toBe(1);
    await inline.getByLabel('Connection name').fill('Office Mail');
    await inline.getByLabel('SMTP server').fill('127.0.0.1');
    await inline.getByLabel('From address').fill('other@acme.test');
    await inline.getByRole('button', { name: 'Save connection' }).click();
    await inline.getByText('Another connection already has this name').waitFor();
    expect((await api('/api/v1/connections', { key: t.apiKey })).json.items).toHaveLength(1);
  });
});
