import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../helpers/browser';
import { startMailCatcher } from '../helpers/mail-catcher';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';
import { EditorPage } from './pages/editor';
import { signedInBrowser } from './pages/signed-in';

// Issue 16 item 6 in a real Chromium: an SMTP connection with three settings
// that cannot work shows three messages next to the fields; fixed, it saves;
// edited in place with the password left blank, "Check connection" still
// signs in (the password was kept); a step's picker has it pre-selected; the
// editor's inline form masks the password; a duplicate name is refused.
// The `it`s run in order on one browser.

const PASS = 'smtp-pass-E2eEdit77';
let t: Tenant;
let b: Browser;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;

beforeAll(async () => {
  t = await createTenant('conn-edit-ui');
  mail = await startMailCatcher(undefined, { login: { user: 'mailer', pass: PASS } });
  b = await signedInBrowser(t.cookie);
});
afterAll(async () => {
  await b?.close();
  await mail?.close();
});

describe('editing connections', () => {
  const row = () => b.page.getByRole('row', { name: /Office mail/ });
  const newForm = () => b.page.getByRole('form', { name: 'New connection' });

  it('refuses settings that cannot work with a message next to each field, and saves nothing', async () => {
    const { page } = b;
    await page.goto(`${baseUrl()}/connections`);
    await page.getByRole('button', { name: 'New connection' }).first().click();
    const form = newForm();
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
  });

  it('saves the fix; Check connection says when it cannot reach the server', async () => {
    // Fixed, but pointing at a host where nothing listens (the catcher is on 127.0.0.1).
    const form = newForm();
    await form.getByLabel('SMTP server').fill('127.0.0.2');
    await form.getByLabel('Port', { exact: true }).fill(String(mail.port));
    await form.getByLabel('From address').fill('Shop <shop@acme.test>');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await row().waitFor();
    await row().getByRole('button', { name: 'Check connection' }).click();
    await expect.poll(() => row().getByRole('status').textContent()).toContain('Could not reach');
  });

  it('edits in place with the password field blank, saying the stored value is kept', async () => {
    await row().getByRole('button', { name: 'Edit' }).click();
    const edit = b.page.getByRole('form', { name: 'Edit connection' });
    expect(await edit.getByLabel('Name', { exact: true }).inputValue()).toBe('Office mail');
    expect(await edit.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await edit.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('password');
    expect(await edit.getByText('Leave blank to keep the stored value').isVisible()).toBe(true);
    await edit.getByLabel('SMTP server').fill('127.0.0.1');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => row().textContent()).toContain('127.0.0.1');
  });

  it('the edited connection signs in with the kept password, which the page never shows', async () => {
    await row().getByRole('button', { name: 'Check connection' }).click();
    // The catcher refuses any other password: signing in proves the stored one was kept.
    await expect.poll(() => row().getByRole('status').textContent()).toContain('signed in');
    expect(await row().getByRole('status').textContent()).toContain('accepts shop@acme.test as the sender');
    expect(await b.page.content()).not.toContain(PASS);
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
    const editor = await EditorPage.open(page, flow.json.id);
    await editor.selectNode('mail');
    await expect.poll(() => editor.connectionValue()).toBe(conn.id);

    await editor.createConnection('Email (SMTP)', async (inline) => {
      expect(await inline.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('password');
      expect(await inline.getByLabel('Require STARTTLS').count()).toBe(1);
      await inline.getByLabel('Connection name').fill('Office Mail');
      await inline.getByLabel('SMTP server').fill('127.0.0.1');
      await inline.getByLabel('From address').fill('other@acme.test');
    });
    await page
      .getByRole('group', { name: 'New Email (SMTP) connection' })
      .getByText('Another connection already has this name')
      .waitFor();
    expect((await api('/api/v1/connections', { key: t.apiKey })).json.items).toHaveLength(1);
  });
});
