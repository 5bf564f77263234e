import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { startMailCatcher } from '../helpers/mail-catcher';
import { startRecordingServer } from '../helpers/recording-server';
import { finishedRun, step } from '../helpers/run-flows';
import { createConnection } from '../helpers/step-context';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// The story's templates through the REST API, the real web server and worker:
// POST /flows {template} makes a flow that is publishable once an SMTP
// connection exists (it is chosen by itself, and Typeform's and Tally's
// secret is made); deliveries shaped and signed as Typeform, Tally and
// Jotform document them become contacts with the right name and email, the
// person gets the acknowledgement through a real SMTP server, a redelivery
// answers `duplicate` and a tampered one 401. Nobody writes a `{{ }}`: the
// templates map `trigger.email` / `trigger.name`, whatever the questions say.

let t: Tenant;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let smtpId: string;

beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTenant('templates');
  smtpId = await createConnection(t, 'smtp', {
    host: '127.0.0.1',
    port: mail.port,
    secure: false,
    from: 'Acme Support <support@acme.test>',
  });
});
afterAll(() => mail.close());

type Made = { id: string; url: string; graph: { nodes: { id: string; type: string; config: any }[] } };

/** "Use template" as the UI does it, then publish; answers the flow and its trigger config. */
async function fromTemplate(template: string): Promise<Made & { trigger: any }> {
  const created = await api('/api/v1/flows', { key: t.apiKey, body: { name: template, template } });
  expect(created.status).toBe(201);
  const flow = created.json as Made & { webhookUrl: string };
  const published = await api(`/api/v1/flows/${flow.id}/publish`, { key: t.apiKey, method: 'POST' });
  expect(published.status, published.text).toBe(200);
  const trigger = flow.graph.nodes.find((n) => n.type === 'trigger.webhook')!.config;
  return { ...flow, url: flow.webhookUrl, trigger };
}

const contactOf = (email: string) =>
  db.contact.findFirst({ where: { workspaceId: t.workspaceId, email }, select: { name: true, tags: true } });

async function send(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
}

/** The run of an accepted delivery succeeded: contact saved, acknowledgement sent. */
async function expectStory(eventId: string, email: string, name: string, tag: string) {
  const run = await finishedRun(t, { eventId });
  expect(run.status).toBe('succeeded');
  expect(step(run, 'lead').status).toBe('succeeded');
  expect(step(run, 'ack').status).toBe('succeeded');
  const contact = await contactOf(email);
  expect(contact?.name).toBe(name);
  expect(contact?.tags).toContain(tag);
  const ack = await mail.waitForMail(email);
  expect(ack.subject).toBe(`Thanks, ${name}`);
  expect(ack.text).toContain(`Hi ${name},`);
}

describe('templates from the REST API', () => {
  it('Typeform → CRM + acknowledgement email: signed delivery, duplicate by token, tampered 401', async () => {
    const flow = await fromTemplate('typeform-crm-email');
    // Made by the server: the sender check with a fresh secret, and the only SMTP connection.
    expect(flow.trigger).toMatchObject({ source: 'typeform', signature: { scheme: 'typeform' } });
    expect(flow.trigger.signature.secret.length).toBeGreaterThanOrEqual(24);
    expect(flow.graph.nodes.find((n) => n.id === 'ack')!.config.connection).toBe(smtpId);
    const secret: string = flow.trigger.signature.secret;
    const sign = (body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`;

    // developer.typeform.com "Example webhook payload": answers point at definition.fields by id.
    const token = randomBytes(16).toString('hex');
    const body = JSON.stringify({
      event_id: randomBytes(13).toString('hex').toUpperCase(),
      event_type: 'form_response',
      form_response: {
        form_id: 'lT4Z3j',
        token,
        landed_at: '2026-12-04T21:00:00Z',
        submitted_at: '2026-12-04T21:01:00Z',
        definition: {
          id: 'lT4Z3j',
          title: 'Get a quote',
          fields: [
            { id: 'Q1nm', ref: 'a1', type: 'short_text', title: 'What is your name?', properties: {} },
            { id: 'Q2em', ref: 'b2', type: 'email', title: 'Where should we send the quote?', properties: {} },
            { id: 'Q3bd', ref: 'c3', type: 'number', title: 'Budget', properties: {} },
          ],
        },
        answers: [
          { type: 'number', number: 900, field: { id: 'Q3bd', type: 'number', ref: 'c3' } },
          { type: 'email', email: 'ada.tf@example.com', field: { id: 'Q2em', type: 'email', ref: 'b2' } },
          { type: 'text', text: 'Ada Lovelace', field: { id: 'Q1nm', type: 'short_text', ref: 'a1' } },
        ],
      },
    });
    const first = await send(flow.url, body, { 'typeform-signature': sign(body) });
    expect(first.status).toBe(202);
    expect(first.json.status).toBe('accepted');
    await expectStory(first.json.eventId, 'ada.tf@example.com', 'Ada Lovelace', 'typeform');

    // Typeform redelivers the same response (same token) under a new event_id.
    const again = JSON.stringify({ ...JSON.parse(body), event_id: 'REDELIVERY' });
    const dup = await send(flow.url, again, { 'typeform-signature': sign(again) });
    expect(dup).toEqual({ status: 200, json: { eventId: first.json.eventId, duplicate: true } });

    const tampered = body.replace('ada.tf@example.com', 'eve.tf@example.com');
    const refused = await send(flow.url, tampered, { 'typeform-signature': sign(body) });
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('invalid_signature');
    expect(await contactOf('eve.tf@example.com')).toBeNull();
  });

  it('Tally → CRM + acknowledgement email: signed delivery, duplicate by responseId, tampered 401', async () => {
    const flow = await fromTemplate('tally-crm-email');
    expect(flow.trigger).toMatchObject({ source: 'tally', signature: { scheme: 'tally' } });
    const secret: string = flow.trigger.signature.secret;
    const sign = (body: string) => createHmac('sha256', secret).update(body).digest('base64');

    // tally.so/help/webhooks: FORM_RESPONSE with data.fields[] {key, label, type, value}.
    const responseId = randomBytes(4).toString('hex');
    const body = JSON.stringify({
      eventId: randomUUID(),
      eventType: 'FORM_RESPONSE',
      createdAt: '2026-12-04T21:00:00.000Z',
      data: {
        responseId,
        submissionId: responseId,
        respondentId: 'dwQKYm',
        formId: 'VwbNEw',
        formName: 'Book a call',
        createdAt: '2026-12-04T21:00:00.000Z',
        fields: [
          { key: 'question_mVGEJz', label: 'First name', type: 'INPUT_TEXT', value: 'Grace' },
          { key: 'question_nPpl4J', label: 'Last name', type: 'INPUT_TEXT', value: 'Hopper' },
          {
            key: 'question_3EKz4n',
            label: 'Best address for a reply',
            type: 'INPUT_EMAIL',
            value: 'grace.t@example.com',
          },
          {
            key: 'question_w4Q1Xz',
            label: 'Topic',
            type: 'MULTIPLE_CHOICE',
            value: ['a1b2'],
            options: [{ id: 'a1b2', text: 'Pricing' }],
          },
        ],
      },
    });
    const first = await send(flow.url, body, { 'tally-signature': sign(body) });
    expect(first.status).toBe(202);
    await expectStory(first.json.eventId, 'grace.t@example.com', 'Grace Hopper', 'tally');

    const again = JSON.stringify({ ...JSON.parse(body), eventId: randomUUID() });
    const dup = await send(flow.url, again, { 'tally-signature': sign(again) });
    expect(dup).toEqual({ status: 200, json: { eventId: first.json.eventId, duplicate: true } });

    const refused = await send(flow.url, body.replace('Grace', 'Eve'), { 'tally-signature': sign(body) });
    expect(refused.status).toBe(401);
  });

  it('Jotform → CRM + acknowledgement email: multipart rawRequest, duplicate by submissionID', async () => {
    // Jotform does not sign its webhooks: the preset has no sender check, the URL is the secret.
    const flow = await fromTemplate('jotform-crm-email');
    expect(flow.trigger).toEqual({ source: 'jotform' });
    const submissionID = String(5_900_000_000_000_000_000n + BigInt(Date.now()));
    const form = () => {
      const fd = new FormData();
      fd.set('action', '');
      fd.set('webhookURL', flow.url);
      fd.set('formID', '233456789012345');
      fd.set('submissionID', submissionID);
      fd.set('formTitle', 'Contact');
      fd.set('pretty', 'Your details:Katherine Johnson, E-mail:katherine.j@example.com');
      fd.set(
        'rawRequest',
        JSON.stringify({
          slug: 'submit/233456789012345',
          q3_yourDetails: { first: 'Katherine', last: 'Johnson' },
          q4_email: 'katherine.j@example.com',
          q5_message: 'Call me',
          event_id: '1701720000000_233456789012345_abc',
        }),
      );
      return fd;
    };
    const first = await fetch(flow.url, { method: 'POST', body: form() });
    expect(first.status).toBe(202);
    const json = (await first.json()) as { eventId: string };
    await expectStory(json.eventId, 'katherine.j@example.com', 'Katherine Johnson', 'jotform');
    const dup = await fetch(flow.url, { method: 'POST', body: form() });
    expect(dup.status).toBe(200);
    expect(await dup.json()).toEqual({ eventId: json.eventId, duplicate: true });
  });

  it('plain HTML form → CRM + acknowledgement email: a form-urlencoded post', async () => {
    const flow = await fromTemplate('form-crm-email');
    const res = await fetch(flow.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Mary Jackson', email: 'mary.j@example.com', message: 'Hello' }).toString(),
    });
    expect(res.status).toBe(202);
    const json = (await res.json()) as { eventId: string };
    await expectStory(json.eventId, 'mary.j@example.com', 'Mary Jackson', 'website');
  });

  it('Stripe payment → CRM + Slack: asks only for Slack; an SDK-signed checkout becomes a contact and a Slack message', async () => {
    const created = await api('/api/v1/flows', {
      key: t.apiKey,
      body: { name: 'Payments', template: 'stripe-crm-slack' },
    });
    expect(created.status).toBe(201);
    expect(created.json.name).toBe('Payments');
    const publish = await api(`/api/v1/flows/${created.json.id}/publish`, { key: t.apiKey, method: 'POST' });
    expect(publish.status).toBe(400);
    expect(publish.json.error.details.map((d: { path: string; nodeId: string }) => [d.nodeId, d.path])).toEqual([
      ['alert', expect.stringMatching(/^graph\.nodes\.\d+\.config\.connection$/)],
    ]);

    // Slack's incoming webhook: POST JSON {text}, answered 200 "ok".
    const slack = await startRecordingServer(() => ({ status: 200, body: 'ok' }));
    try {
      const other = await createTenant('templates-stripe');
      const slackId = await createConnection(other, 'slack', { webhookUrl: `${slack.url}/services/T000/B000/XXXX` });
      const made = await api('/api/v1/flows', {
        key: other.apiKey,
        body: { name: 'Payments', template: 'stripe-crm-slack' },
      });
      const nodes = made.json.graph.nodes as { id: string; config: any }[];
      expect(nodes.find((n) => n.id === 'alert')!.config.connection).toBe(slackId);
      // The signing secret comes from Stripe (whsec_…): pasted into the trigger, as the setup prompt asks.
      const key = `whsec_${randomBytes(24).toString('base64')}`;
      const graph = {
        ...made.json.graph,
        nodes: nodes.map((n) =>
          n.id === 'trigger' ? { ...n, config: { ...n.config, signature: { scheme: 'stripe', secret: key } } } : n,
        ),
      };
      expect(
        (await api(`/api/v1/flows/${made.json.id}`, { key: other.apiKey, method: 'PUT', body: { graph } })).status,
      ).toBe(200);
      const published = await api(`/api/v1/flows/${made.json.id}/publish`, { key: other.apiKey, method: 'POST' });
      expect(published.status, published.text).toBe(200);

      const payload = JSON.stringify({
        id: `evt_${randomBytes(8).toString('hex')}`,
        object: 'event',
        api_version: '2024-06-20',
        created: Math.floor(Date.now() / 1000),
        type: 'checkout.session.completed',
        livemode: false,
        data: {
          object: {
            id: 'cs_test_b2',
            object: 'checkout.session',
            amount_total: 4250,
            currency: 'eur',
            customer_details: { email: 'buyer.story@example.com', name: 'Dorothy Vaughan' },
          },
        },
      });
      const header = new Stripe('sk_test_not_used').webhooks.generateTestHeaderString({ payload, secret: key });
      const res = await send(made.json.webhookUrl, payload, { 'stripe-signature': header });
      expect(res.status).toBe(202);
      const run = await finishedRun(other, { eventId: res.json.eventId });
      expect(run.status).toBe('succeeded');
      const contact = await db.contact.findFirst({
        where: { workspaceId: other.workspaceId, email: 'buyer.story@example.com' },
        select: { name: true, tags: true },
      });
      expect(contact).toEqual({ name: 'Dorothy Vaughan', tags: ['customer'] });
      expect(slack.requests).toHaveLength(1);
      expect(slack.requests[0]!.path).toBe('/services/T000/B000/XXXX');
      expect(JSON.parse(slack.requests[0]!.body).text).toBe(
        'New payment from Dorothy Vaughan <buyer.story@example.com>: 42.5 EUR',
      );
    } finally {
      await slack.close();
    }
  });

  it('a template id that does not exist, or a template with a graph, is 400', async () => {
    const unknown = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'x', template: 'no-such-template' } });
    expect(unknown.status).toBe(400);
    const both = await api('/api/v1/flows', {
      key: t.apiKey,
      body: { name: 'x', template: 'form-crm-email', graph: { nodes: [], edges: [] } },
    });
    expect(both.status).toBe(400);
  });

  it('with two SMTP connections none is chosen: the editor asks which', async () => {
    const other = await createTenant('templates-two');
    for (const name of ['Office', 'Shop'])
      await createConnection(other, 'smtp', { host: '127.0.0.1', port: mail.port, from: 'a@acme.test' }, name);
    const created = await api('/api/v1/flows', {
      key: other.apiKey,
      body: { name: 'Leads', template: 'typeform-crm-email' },
    });
    expect(created.status).toBe(201);
    expect(created.json.graph.nodes.find((n: { id: string }) => n.id === 'ack').config.connection).toBeUndefined();
  });
});
