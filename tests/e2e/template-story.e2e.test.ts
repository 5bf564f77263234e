import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { axeAudit } from '../helpers/axe-audit';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { startMailCatcher } from '../helpers/mail-catcher';
import { waitFor } from '../helpers/ports';
import { api, baseUrl, createTenant } from '../helpers/tenant';

// The story in a real Chromium, from the empty Flows page to a contact,
// without typing a single {{ }}: "Use template" (Typeform), connect SMTP in
// the prompt the editor shows, publish, a signed Typeform delivery arrives at
// the webhook URL, the contact is on the Contacts page and the person got the
// acknowledgement at a real SMTP server.

let browser: Browser | undefined;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
beforeAll(async () => {
  mail = await startMailCatcher();
});
afterAll(() => mail.close());
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** A Typeform response as developer.typeform.com documents it; the questions are worded the form owner's way. */
const typeform = (name: string, email: string) =>
  JSON.stringify({
    event_id: randomBytes(13).toString('hex').toUpperCase(),
    event_type: 'form_response',
    form_response: {
      form_id: 'qX9s1P',
      token: randomBytes(16).toString('hex'),
      landed_at: new Date(Date.now() - 60_000).toISOString(),
      submitted_at: new Date().toISOString(),
      definition: {
        id: 'qX9s1P',
        title: 'Workshop sign-up',
        fields: [
          { id: 'f1', ref: 'who', type: 'short_text', title: 'First things first: what’s your name?' },
          { id: 'f2', ref: 'where', type: 'email', title: 'Where do we send the joining details?' },
        ],
      },
      answers: [
        { type: 'text', text: name, field: { id: 'f1', type: 'short_text', ref: 'who' } },
        { type: 'email', email, field: { id: 'f2', type: 'email', ref: 'where' } },
      ],
    },
  });

describe('a template, one click from the empty Flows page', () => {
  it('Use template (Typeform) → connect SMTP in the prompt → publish → a signed delivery → the contact', async () => {
    const tenant = await createTenant('template-story');
    browser = await openBrowser();
    const { page } = browser;
    await addSessionCookie(browser.context, tenant.cookie, baseUrl());

    await page.goto(`${baseUrl()}/flows`);
    await page.getByRole('heading', { name: 'No flows yet — create your first flow' }).waitFor();
    const gallery = page.getByTestId('template-gallery');
    for (const name of [
      'Typeform → CRM + acknowledgement email',
      'Tally → CRM + acknowledgement email',
      'Jotform → CRM + acknowledgement email',
      'Website form → CRM lead + acknowledgement email',
      'Stripe payment → CRM + Slack',
    ])
      await gallery.getByRole('heading', { name }).waitFor();
    await browser.screenshot('template-gallery');
    expect(await axeAudit(page)).toEqual([]);

    await gallery.getByRole('button', { name: 'Use template: Typeform → CRM + acknowledgement email' }).click();
    // The editor opens on the new flow (the setup prompt's ?setup=1 is taken off the address).
    await page.waitForURL(/\/flows\/[0-9a-f-]{36}$/);
    const flowId = page.url().split('/').pop()!;

    // Only what is missing is asked: the acknowledgement's mail server, made right in the prompt.
    const setup = page.getByTestId('template-setup');
    await setup.waitFor();
    expect(await setup.innerText()).toContain('Thank the customer — Email (SMTP)');
    // The CRM is Switchboard's own contacts (no account); HubSpot or Pipedrive would ask for theirs too.
    const crm = setup.getByLabel('Save contacts in');
    expect(await crm.inputValue()).toBe('crm.upsertContact');
    await crm.selectOption('hubspot.upsertContact');
    await setup.getByText(/^Save the lead — HubSpot/).waitFor();
    await crm.selectOption('crm.upsertContact');
    await setup.getByText(/^Save the lead — HubSpot/).waitFor({ state: 'detached' });
    await setup.getByRole('button', { name: 'New Email (SMTP) connection' }).click();
    const form = setup.getByRole('group', { name: 'New Email (SMTP) connection' });
    await form.getByLabel('Connection name').fill('Office mail');
    await form.getByLabel('SMTP server').fill('127.0.0.1');
    await form.getByLabel('Port', { exact: true }).fill(String(mail.port));
    await form.getByLabel('From address').fill('Workshops <hello@shop.example>');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await setup.getByTestId('template-setup-done').waitFor();
    await setup.scrollIntoViewIfNeeded();
    await browser.screenshot('template-setup-done');

    // The trigger (selected) shows Typeform's steps with the secret the template made.
    const secret = await page
      .getByTestId('source-setup')
      .getByRole('textbox', { name: 'Secret', exact: true })
      .inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(24);
    const webhookUrl = await page.getByTestId('webhook-url').inputValue();
    expect(await page.getByTestId('source-steps').innerText()).toContain(webhookUrl);

    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published version 1').waitFor();

    // Typeform sends a response, signed its way.
    const body = typeform('Ada Lovelace', 'ada.story@example.com');
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'typeform-signature': `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`,
      },
      body,
    });
    expect(res.status).toBe(202);

    // The contact is on the Contacts page with the right name.
    const link = page.getByRole('link', { name: 'ada.story@example.com' });
    await waitFor(
      async () => {
        await page.goto(`${baseUrl()}/contacts`);
        return (await link.count()) > 0 ? true : null;
      },
      { timeoutMs: 30_000, what: 'the contact on the Contacts page' },
    );
    await link.click();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await browser.screenshot('template-story-contact');

    const ack = await mail.waitForMail('ada.story@example.com');
    expect(ack.subject).toBe('Thanks, Ada Lovelace');
    expect(ack.from).toBe('hello@shop.example');

    // What runs is the template's mapping, untouched: nothing was typed into a step.
    const flow = await api(`/api/v1/flows/${flowId}`, { key: tenant.apiKey });
    const lead = flow.json.graph.nodes.find((n: { id: string }) => n.id === 'lead');
    expect(lead.config).toMatchObject({ email: '{{ trigger.email }}', name: '{{ trigger.name }}' });
  });
});
