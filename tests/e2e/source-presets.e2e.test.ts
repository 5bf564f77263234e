import { createHmac, randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { axeAudit } from '../helpers/axe-audit';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { waitFor } from '../helpers/ports';
import { api, baseUrl, createTenant } from '../helpers/tenant';

// A Typeform flow made in a real Chromium without typing a single {{ }}: pick
// the Typeform preset on the trigger, read its setup steps, capture a signed
// Typeform delivery as the sample, find the email answer in the picker by
// searching "email", map it into the CRM step, publish, and a signed delivery
// becomes a contact.

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

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

async function selectNode(page: Page, id: string) {
  await page.locator(`[data-testid="node-${id}"] p`).first().click();
  await page.getByTestId('config-panel').waitFor();
}

const waitSaved = (page: Page) =>
  page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 15_000 });

describe('source presets in the editor', () => {
  it('Typeform preset → setup steps → signed sample → pick the email answer by searching → contact', async () => {
    const tenant = await createTenant('sources-e2e');
    const graph = {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', label: 'Typeform', config: {}, position: { x: 0, y: 0 } },
        { id: 'lead', type: 'crm.upsertContact', label: 'Save the lead', config: {}, position: { x: 0, y: 180 } },
      ],
      edges: [{ source: 'trigger', target: 'lead' }],
    };
    const created = await api('/api/v1/flows', { key: tenant.apiKey, body: { name: 'Typeform leads', graph } });
    expect(created.status).toBe(201);
    const flowId = created.json.id as string;

    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, tenant.cookie, baseUrl());
    await page.goto(`${baseUrl()}/flows/${flowId}`);

    await selectNode(page, 'trigger');
    await page.getByLabel('Where do events come from?').selectOption('typeform');
    const steps = page.getByTestId('source-steps');
    await steps.waitFor();
    const webhookUrl = await page.getByTestId('webhook-url').inputValue();
    expect(await steps.innerText()).toContain('Connect → Webhooks');
    expect(await steps.innerText()).toContain(webhookUrl);
    const secret = await page
      .getByTestId('source-setup')
      .getByRole('textbox', { name: 'Secret', exact: true })
      .inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(24);
    await waitSaved(page);

    // The test URL checks the signature too: Typeform's "Send test request", signed with the secret.
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

    // The CRM step: search "email" in the picker and take the answer by its question.
    await selectNode(page, 'lead');
    await page.getByRole('button', { name: 'Insert variable into Email' }).click();
    const picker = page.getByRole('dialog', { name: 'Insert a variable' });
    await picker.getByRole('textbox', { name: 'Search fields' }).fill('email');
    // The raw answer (answers[1].email) is found too, not only answers[0].
    await picker
      .getByRole('group', { name: 'Trigger → body' })
      .getByRole('button', { name: /^email \(Where can we reach you\?\),/ })
      .waitFor();
    await browser.screenshot('source-typeform-picker');
    await picker
      .getByRole('group', { name: 'Trigger → form answers' })
      .getByRole('button', { name: /^Where can we reach you\?,/ })
      .click();
    expect(await page.getByRole('textbox', { name: 'Email', exact: true }).inputValue()).toBe(
      '{{ trigger.fields["Where can we reach you?"] }}',
    );
    await page.getByRole('button', { name: 'Insert variable into Name' }).click();
    await picker.getByRole('textbox', { name: 'Search fields' }).fill('name');
    await picker
      .getByRole('group', { name: 'Trigger → form answers' })
      .getByRole('button', { name: /^What is your name\?,/ })
      .click();
    await waitSaved(page);

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published version 1').waitFor();

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
