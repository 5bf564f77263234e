import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import type { Browser } from '../helpers/browser';
import { startMailCatcher } from '../helpers/mail-catcher';
import { startRecordingServer } from '../helpers/recording-server';
import { createConnection } from '../helpers/step-context';
import { api, createTenant, type Tenant } from '../helpers/tenant';
import { EditorPage } from './pages/editor';
import { signedInBrowser } from './pages/signed-in';

// Issue 16, item 7, in Chromium: "Test step" on a step that reaches outside
// says what it will do (with the sample's recipient) and asks; "Send test to
// me" sends the email to the signed-in person, or the SMS to a number they type
// once (remembered by the browser); a CRM test's contact can be deleted.
// Each describe is one story on one browser; its `it`s run in order.

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

/** A signed-in browser on the editor of `flowId`, with step `nodeId` selected. */
async function openStep(t: Tenant, flowId: string, nodeId: string): Promise<{ browser: Browser; editor: EditorPage }> {
  const browser = await signedInBrowser(t.cookie);
  const editor = await EditorPage.open(browser.page, flowId);
  await editor.selectNode(nodeId);
  return { browser, editor };
}

describe('testing an email step: it says whom the email goes to, asks, and sends it to me instead', () => {
  let t: Tenant;
  let browser: Browser;
  let editor: EditorPage;

  beforeAll(async () => {
    t = await createTenant('test-email');
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
    ({ browser, editor } = await openStep(t, flowId, 'ack'));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('Test step asks first, naming the sample’s recipient, and sends nothing yet', async () => {
    await editor.testStepButton().click();
    await editor.testConfirm().waitFor();
    expect(await editor.testSummaryText()).toBe('This sends a real email to ana@example.com.');
    expect(mail.messages).toHaveLength(0);
  });

  it('Cancel sends nothing', async () => {
    const confirm = editor.testConfirm();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(mail.messages).toHaveLength(0);
  });

  it('“Send test to me” sends the email to the signed-in person, not the sample’s recipient', async () => {
    await editor.testStepButton().click();
    await editor
      .testConfirm()
      .getByRole('button', { name: `Send test to me (${t.email})` })
      .click();
    await editor.testOutput().waitFor();
    const got = await mail.waitForMail(t.email);
    expect(got.to).toEqual([t.email]);
    expect(got.subject).toBe('Thanks Ana');
    expect(mail.messages.some((m) => m.to.includes('ana@example.com'))).toBe(false);
  });
});

describe('testing an SMS step: it texts a number typed once, remembered by the browser', () => {
  let browser: Browser;
  let editor: EditorPage;

  beforeAll(async () => {
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
    ({ browser, editor } = await openStep(t, flowId, 'sms'));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a number not in international form is refused, and nothing is sent', async () => {
    await editor.testStepButton().click();
    const confirm = editor.testConfirm();
    expect(await editor.testSummaryText()).toBe('This sends a real text message to +14155550100.');
    await confirm.getByLabel('Your mobile number').fill('12');
    await confirm.getByRole('button', { name: 'Send test to me' }).click();
    await confirm.getByText('Enter your mobile number in the international form').waitFor();
    expect(twilio.requests).toHaveLength(0);
  });

  it('the typed number gets the text, once', async () => {
    const confirm = editor.testConfirm();
    await confirm.getByLabel('Your mobile number').fill('+44 7700 900123');
    await confirm.getByRole('button', { name: 'Send test to me' }).click();
    await editor.testOutput().waitFor();
    expect(twilio.requests).toHaveLength(1);
    expect(new URLSearchParams(twilio.requests[0]!.body).get('To')).toBe('+447700900123');
  });

  it('next time the number is already there', async () => {
    await browser.page.reload();
    await editor.selectNode('sms');
    await editor.testStepButton().click();
    expect(await editor.testConfirm().getByLabel('Your mobile number').inputValue()).toBe('+44 7700 900123');
  });
});

describe('the step test API', () => {
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
  let t: Tenant;
  let browser: Browser;
  let editor: EditorPage;
  let contactId: string;

  beforeAll(async () => {
    t = await createTenant('test-crm');
    const flowId = await draftFlow(t, [
      { id: 'lead', type: 'crm.upsertContact', config: { email: '{{ trigger.body.email }}', name: 'Ana' } },
    ]);
    ({ browser, editor } = await openStep(t, flowId, 'lead'));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is created without asking', async () => {
    await editor.testStepButton().click();
    await editor.testOutput().waitFor();
    expect(await editor.testConfirm().count()).toBe(0);
    contactId = (
      await db.contact.findFirstOrThrow({
        where: { workspaceId: t.workspaceId, email: 'ana@example.com' },
        select: { id: true },
      })
    ).id;
  });

  it('can be deleted from its page, reached from the test’s output', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: /Open the test contact/ }).click();
    await page.waitForURL(`**/contacts/${contactId}`);
    await page.getByRole('button', { name: 'Delete contact' }).click();
    await page.getByRole('alertdialog', { name: 'Delete contact' }).getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/contacts$/);
    expect(await db.contact.count({ where: { id: contactId } })).toBe(0);
  });

  it('deleting is scoped to the workspace: another workspace’s key gets 404, and so does a second delete', async () => {
    const other = await createTenant('test-crm-other');
    const mine = await db.contact.create({ data: { workspaceId: t.workspaceId, email: 'kept@example.com' } });
    expect((await api(`/api/v1/contacts/${mine.id}`, { key: other.apiKey, method: 'DELETE' })).status).toBe(404);
    expect(await db.contact.count({ where: { id: mine.id } })).toBe(1);
    expect((await api(`/api/v1/contacts/${mine.id}`, { key: t.apiKey, method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/v1/contacts/${mine.id}`, { key: t.apiKey, method: 'DELETE' })).status).toBe(404);
  });
});
