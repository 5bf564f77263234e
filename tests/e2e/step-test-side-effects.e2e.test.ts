import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { startMailCatcher } from '../helpers/mail-catcher';
import { startRecordingServer } from '../helpers/recording-server';
import { createConnection } from '../helpers/step-context';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';

// Issue 16, item 7, in Chromium: "Test step" on a step that reaches outside
// says what it will do (with the sample's recipient) and asks; "Send test to
// me" sends the email to the signed-in person, or the SMS to a number they type
// once (remembered by the browser); a CRM test's contact can be deleted.

let browser: Browser | undefined;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let twilio: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  mail = await startMailCatcher();
  twilio = await startRecordingServer(() => ({ status: 201, body: { sid: 'SM0123', status: 'queued' } }));
});
afterAll(async () => {
  await mail?.close();
  await twilio?.close();
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

async function draftFlow(t: Tenant, nodes: { id: string; type: string; config: Record<string, unknown> }[]) {
  const graph = {
    nodes: [
      { id: 'trigger', type: 'trigger.webhook', config: {}, position: { x: 0, y: 0 } },
      ...nodes.map((n, i) => ({ ...n, position: { x: i * 320, y: 220 } })),
    ],
    edges: nodes.map((n) => ({ source: 'trigger', target: n.id })),
  };
  const res = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'Enquiries', graph } });
  expect(res.status).toBe(201);
  // The sample event the test renders templates with (the flow is a draft: captured, not run).
  const sample = await fetch(`${res.json.webhookUrl}/test`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ana@example.com', name: 'Ana', phone: '+14155550100' }),
  });
  expect(sample.status).toBe(202);
  return res.json.id as string;
}

async function openEditor(t: Tenant, flowId: string): Promise<Page> {
  browser = await openBrowser();
  await addSessionCookie(browser.context, t.cookie, baseUrl());
  const { page } = browser;
  await page.goto(`${baseUrl()}/flows/${flowId}`);
  return page;
}

async function selectNode(page: Page, id: string) {
  await page.locator(`[data-testid="node-${id}"] p`).first().click();
  await page.getByTestId('config-panel').waitFor();
}

describe('testing a step that reaches outside', () => {
  it('says whom the email goes to, asks, and sends it to me instead', async () => {
    const t = await createTenant('test-email');
    const smtp = await createConnection(t, 'smtp', {
      host: '127.0.0.1',
      port: mail.port,
      secure: false,
      from: 'Acme <hello@acme.test>',
    });
    const flowId = await draftFlow(t, [
      {
        id: 'ack',
        type: 'email.send',
        config: {
          connection: smtp,
          to: '{{ trigger.body.email }}',
          subject: 'Thanks {{ trigger.body.name }}',
          text: 'Hi',
        },
      },
    ]);
    const page = await openEditor(t, flowId);
    await selectNode(page, 'ack');
    await page.getByRole('button', { name: 'Test step' }).click();
    const confirm = page.getByTestId('test-confirm');
    await confirm.waitFor();
    expect(await page.getByTestId('test-summary').innerText()).toBe('This sends a real email to ana@example.com.');
    expect(mail.messages).toHaveLength(0);

    // Cancel sends nothing.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(mail.messages).toHaveLength(0);

    await page.getByRole('button', { name: 'Test step' }).click();
    await confirm.getByRole('button', { name: `Send test to me (${t.email})` }).click();
    await page.getByTestId('test-output').waitFor();
    const got = await mail.waitForMail(t.email);
    expect(got.to).toEqual([t.email]);
    expect(got.subject).toBe('Thanks Ana');
    expect(mail.messages.some((m) => m.to.includes('ana@example.com'))).toBe(false);
  });

  it('texts a number typed once, remembered by the browser', async () => {
    const t = await createTenant('test-sms');
    const conn = await createConnection(t, 'twilio', {
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      authToken: 'tok',
      fromNumber: '+15005550006',
      baseUrl: twilio.url,
    });
    const flowId = await draftFlow(t, [
      { id: 'sms', type: 'twilio.sendSms', config: { connection: conn, to: '{{ trigger.body.phone }}', body: 'Hi' } },
    ]);
    twilio.reply(() => ({ status: 201, body: { sid: 'SM0123', status: 'queued' } }));
    const page = await openEditor(t, flowId);
    await selectNode(page, 'sms');
    await page.getByRole('button', { name: 'Test step' }).click();
    const confirm = page.getByTestId('test-confirm');
    expect(await page.getByTestId('test-summary').innerText()).toBe('This sends a real text message to +14155550100.');
    const number = confirm.getByLabel('Your mobile number');
    await number.fill('12');
    await confirm.getByRole('button', { name: 'Send test to me' }).click();
    await confirm.getByText('Enter your mobile number in the international form').waitFor();
    expect(twilio.requests).toHaveLength(0);

    await number.fill('+44 7700 900123');
    await confirm.getByRole('button', { name: 'Send test to me' }).click();
    await page.getByTestId('test-output').waitFor();
    expect(twilio.requests).toHaveLength(1);
    expect(new URLSearchParams(twilio.requests[0]!.body).get('To')).toBe('+447700900123');

    // Next time the number is already there.
    await page.reload();
    await selectNode(page, 'sms');
    await page.getByRole('button', { name: 'Test step' }).click();
    expect(await page.getByTestId('test-confirm').getByLabel('Your mobile number').inputValue()).toBe(
      '+44 7700 900123',
    );
  });

  it('refuses a recipient override that is not an address, and on steps without one', async () => {
    const t = await createTenant('test-override');
    const smtp = await createConnection(t, 'smtp', { host: '127.0.0.1', port: mail.port, from: 'a@acme.test' });
    const flowId = await draftFlow(t, [
      { id: 'ack', type: 'email.send', config: { connection: smtp, to: 'x@example.com', subject: 's', text: 't' } },
      { id: 'lead', type: 'crm.upsertContact', config: { email: '{{ trigger.body.email }}' } },
    ]);
    const bad = await api(`/api/v1/flows/${flowId}/steps/ack/test`, { key: t.apiKey, body: { to: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('is not an email address');
    const crm = await api(`/api/v1/flows/${flowId}/steps/lead/test`, {
      key: t.apiKey,
      body: { to: 'me@example.com' },
    });
    expect(crm.status).toBe(400);
    const preview = await api(`/api/v1/flows/${flowId}/steps/lead/test`, { key: t.apiKey });
    expect(preview.json).toMatchObject({ reachesOutside: false, recipient: null, me: null });
  });
});

describe('a contact made by a test', () => {
  it('is created without asking and can be deleted from its page', async () => {
    const t = await createTenant('test-crm');
    const flowId = await draftFlow(t, [
      { id: 'lead', type: 'crm.upsertContact', config: { email: '{{ trigger.body.email }}', name: 'Ana' } },
    ]);
    const page = await openEditor(t, flowId);
    await selectNode(page, 'lead');
    await page.getByRole('button', { name: 'Test step' }).click();
    await page.getByTestId('test-output').waitFor();
    expect(await page.getByTestId('test-confirm').count()).toBe(0);
    const contact = await db.contact.findFirstOrThrow({
      where: { workspaceId: t.workspaceId, email: 'ana@example.com' },
      select: { id: true },
    });

    await page.getByRole('link', { name: /Open the test contact/ }).click();
    await page.waitForURL(`**/contacts/${contact.id}`);
    await page.getByRole('button', { name: 'Delete contact' }).click();
    await page.getByRole('alertdialog', { name: 'Delete contact' }).getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/contacts$/);
    expect(await db.contact.count({ where: { id: contact.id } })).toBe(0);

    // Scoped to the workspace: another workspace's key cannot delete (404), and a second delete is 404 too.
    const other = await createTenant('test-crm-other');
    const mine = await db.contact.create({ data: { workspaceId: t.workspaceId, email: 'kept@example.com' } });
    expect((await api(`/api/v1/contacts/${mine.id}`, { key: other.apiKey, method: 'DELETE' })).status).toBe(404);
    expect(await db.contact.count({ where: { id: mine.id } })).toBe(1);
    expect((await api(`/api/v1/contacts/${mine.id}`, { key: t.apiKey, method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/v1/contacts/${mine.id}`, { key: t.apiKey, method: 'DELETE' })).status).toBe(404);
  });
});
