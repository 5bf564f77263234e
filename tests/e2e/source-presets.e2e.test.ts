import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { axeAudit } from '../helpers/axe-audit';
import type { Browser } from '../helpers/browser';
import { waitFor } from '../helpers/ports';
import { api, createTenant, type Tenant } from '../helpers/tenant';
import { EditorPage } from './pages/editor';
import { signedInBrowser } from './pages/signed-in';

// A Typeform flow made in a real Chromium without typing a single {{ }}: pick
// the Typeform preset on the trigger, read its setup steps, capture a signed
// Typeform delivery as the sample, find the email answer in the picker by
// searching "email", map it into the CRM step, publish, and a signed delivery
// becomes a contact. The `it`s run in order on one browser.

const typeform = (token: string, name: string, email: string) =>
  JSON.stringify({
    event_id: randomBytes(8).toString('hex'),
    event_type: 'form_response',
    form_response: {
      form_id: 'lT4Z3j',
      token,
      submitted_at: new Date().toISOString(),
      definition: {
        id: 'lT4Z3j',
        title: 'Contact',
        fields: [
          { id: 'nm1', ref: 'name', type: 'short_text', title: 'What is your name?' },
          { id: 'em2', ref: 'email', type: 'email', title: 'Where can we reach you?' },
        ],
      },
      answers: [
        { type: 'text', text: name, field: { id: 'nm1', type: 'short_text', ref: 'name' } },
        { type: 'email', email, field: { id: 'em2', type: 'email', ref: 'email' } },
      ],
    },
  });

const signed = (secret: string, body: string) => ({
  'content-type': 'application/json',
  'typeform-signature': `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`,
});

describe('a Typeform flow from the source preset, without typing {{ }}', () => {
  let tenant: Tenant;
  let browser: Browser;
  let editor: EditorPage;
  let webhookUrl: string;
  let secret: string;
  const picker = () => browser.page.getByRole('dialog', { name: 'Insert a variable' });

  beforeAll(async () => {
    tenant = await createTenant('sources-e2e');
    const graph = {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', label: 'Typeform', config: {}, position: { x: 0, y: 0 } },
        { id: 'lead', type: 'crm.upsertContact', label: 'Save the lead', config: {}, position: { x: 0, y: 180 } },
      ],
      edges: [{ source: 'trigger', target: 'lead' }],
    };
    const created = await api('/api/v1/flows', { key: tenant.apiKey, body: { name: 'Typeform leads', graph } });
    expect(created.status).toBe(201);
    browser = await signedInBrowser(tenant.cookie);
    editor = await EditorPage.open(browser.page, created.json.id);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the Typeform preset shows its setup steps with the webhook URL and a generated secret', async () => {
    const { page } = browser;
    await editor.selectNode('trigger');
    await page.getByLabel('Where do events come from?').selectOption('typeform');
    const steps = page.getByTestId('source-steps');
    await steps.waitFor();
    webhookUrl = await page.getByTestId('webhook-url').inputValue();
    expect(await steps.innerText()).toContain('Connect → Webhooks');
    expect(await steps.innerText()).toContain(webhookUrl);
    secret = await page.getByTestId('source-setup').getByRole('textbox', { name: 'Secret', exact: true }).inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(24);
    await editor.waitSaved();
  });

  it('the test URL refuses an unsigned delivery and takes a signed one as the sample', async () => {
    // Typeform's "Send test request", signed with the secret.
    const { page } = browser;
    const testUrl = await page.getByTestId('test-url').inputValue();
    await page.getByRole('button', { name: 'Listen for test event' }).click();
    await page.getByTestId('listening').waitFor();
    const unsigned = await fetch(testUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeform('t0', 'X', 'x@example.com'),
    });
    expect(unsigned.status).toBe(401);
    const sampleBody = typeform('t1', 'Sam Sample', 'sam@example.com');
    const sample = await fetch(testUrl, { method: 'POST', headers: signed(secret, sampleBody), body: sampleBody });
    expect(sample.status).toBe(202);
    await page.getByTestId('sample-event').waitFor({ timeout: 20_000 });
    await browser.screenshot('source-typeform-setup');
    expect(await axeAudit(page, ['.react-flow__minimap', '.react-flow__controls', 'aside'])).toEqual([]);
  });

  it('searching “email” in the picker finds the answer, raw and by its question; the question is picked', async () => {
    await editor.selectNode('lead');
    await editor.openVariablePicker('Email');
    await picker().getByRole('textbox', { name: 'Search fields' }).fill('email');
    // The raw answer (answers[1].email) is found too, not only answers[0].
    await editor.variable(picker(), 'Trigger → body', 'email \\(Where can we reach you\\?\\)').waitFor();
    await browser.screenshot('source-typeform-picker');
    await editor.variable(picker(), 'Trigger → form answers', 'Where can we reach you\\?').click();
    expect(await editor.field('Email').inputValue()).toBe('{{ trigger.fields["Where can we reach you?"] }}');
  });

  it('the name is picked by its question too', async () => {
    await editor.openVariablePicker('Name');
    await picker().getByRole('textbox', { name: 'Search fields' }).fill('name');
    await editor.variable(picker(), 'Trigger → form answers', 'What is your name\\?').click();
    await editor.waitSaved();
  });

  it('published, a signed delivery becomes a contact; a tampered one is refused', async () => {
    await editor.publish(1);
    const live = typeform(randomBytes(8).toString('hex'), 'Ada Lovelace', 'ada@example.com');
    const res = await fetch(webhookUrl, { method: 'POST', headers: signed(secret, live), body: live });
    expect(res.status).toBe(202);
    const contact = await waitFor(
      () =>
        db.contact.findFirst({
          where: { workspaceId: tenant.workspaceId, email: 'ada@example.com' },
          select: { name: true },
        }),
      { timeoutMs: 30_000, what: 'the contact' },
    );
    expect(contact.name).toBe('Ada Lovelace');
    const tampered = live.replace('Ada', 'Eve');
    expect((await fetch(webhookUrl, { method: 'POST', headers: signed(secret, live), body: tampered })).status).toBe(
      401,
    );
  });
});
