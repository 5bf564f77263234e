import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createHookFlow, flowEvents } from '../helpers/hooks';
import { finishedRun, publishedFlow, step } from '../helpers/run-flows';
import { createTenant, type Tenant } from '../helpers/tenant';

// The source presets of DESIGN.md "Sources" through the real web server and
// worker: deliveries shaped and signed as each vendor documents them (and, for
// Stripe and Svix, made by the vendors' own SDKs) are accepted; a tampered body
// is 401; a redelivery is a duplicate by the sender's own id; and a step sees
// the answers as `trigger.fields` by label.

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('sources');
});

const secret = () => randomBytes(24).toString('base64url');

async function send(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
}

/** A flow: trigger with `config` → built-in CRM contact from `contact` templates. */
async function crmFlow(config: Record<string, unknown>, contact: Record<string, unknown>) {
  return publishedFlow(t, {
    nodes: [
      { id: 'trigger', type: 'trigger.webhook', config },
      { id: 'lead', type: 'crm.upsertContact', config: contact },
    ],
    edges: [{ source: 'trigger', target: 'lead' }],
  });
}

/** Typeform's documented form_response payload (developer.typeform.com "Example webhook payload"). */
const typeformPayload = (token: string, email: string) => ({
  event_id: `01${randomUUID().replace(/-/g, '').slice(0, 24).toUpperCase()}`,
  event_type: 'form_response',
  form_response: {
    form_id: 'lT4Z3j',
    token,
    landed_at: '2026-12-04T21:00:00Z',
    submitted_at: '2026-12-04T21:01:00Z',
    definition: {
      id: 'lT4Z3j',
      title: 'Contact us',
      fields: [
        { id: 'DlXFaesGBpoF', ref: 'name_ref', type: 'short_text', title: 'What is your name?' },
        { id: 'SMEUb7VJz92Q', ref: 'email_ref', type: 'email', title: 'Your email address' },
        {
          id: 'k6TP9oLGgHjl',
          ref: 'topics_ref',
          type: 'multiple_choice',
          title: 'Topics',
          allow_multiple_selections: true,
        },
        { id: 'pn48RmPazVdM', ref: 'plan_ref', type: 'multiple_choice', title: 'Plan' },
      ],
    },
    answers: [
      // Not in the definition's order: answers are matched by id, never by position.
      { type: 'email', email, field: { id: 'SMEUb7VJz92Q', type: 'email', ref: 'email_ref' } },
      { type: 'text', text: 'Ada Lovelace', field: { id: 'DlXFaesGBpoF', type: 'short_text', ref: 'name_ref' } },
      {
        type: 'choices',
        choices: { labels: ['Billing', 'Support'] },
        field: { id: 'k6TP9oLGgHjl', type: 'multiple_choice', ref: 'topics_ref' },
      },
      {
        type: 'choice',
        choice: { label: 'Pro' },
        field: { id: 'pn48RmPazVdM', type: 'multiple_choice', ref: 'plan_ref' },
      },
    ],
  },
});

describe('Typeform', () => {
  const sign = (key: string, body: string) => `sha256=${createHmac('sha256', key).update(body).digest('base64')}`;

  it('a signed delivery becomes a contact by label; a redelivery is a duplicate; a tampered one is 401', async () => {
    const key = secret();
    const flow = await crmFlow(
      { source: 'typeform', signature: { scheme: 'typeform', secret: key } },
      { email: '{{ trigger.fields["Your email address"] }}', name: '{{ trigger.fields["What is your name?"] }}' },
    );
    const token = randomBytes(16).toString('hex');
    const body = JSON.stringify(typeformPayload(token, 'ada@example.com'));
    const first = await send(flow.url, body, { 'typeform-signature': sign(key, body) });
    expect(first.status).toBe(202);
    expect(first.json.status).toBe('accepted');

    const run = await finishedRun(t, { eventId: first.json.eventId });
    expect(run.status).toBe('succeeded');
    expect(step(run, 'lead').status).toBe('succeeded');
    const contact = await db.contact.findFirst({
      where: { workspaceId: t.workspaceId, email: 'ada@example.com' },
      select: { name: true },
    });
    expect(contact?.name).toBe('Ada Lovelace');

    // Typeform redelivers the same response (same token) with a new event_id: still a duplicate.
    const again = JSON.stringify({ ...JSON.parse(body), event_id: 'another-event-id' });
    const dup = await send(flow.url, again, { 'typeform-signature': sign(key, again) });
    expect(dup.status).toBe(200);
    expect(dup.json).toEqual({ eventId: first.json.eventId, duplicate: true });

    const tampered = body.replace('ada@example.com', 'eve@example.com');
    const refused = await send(flow.url, tampered, { 'typeform-signature': sign(key, body) });
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('invalid_signature');
  });

  it('trigger.fields holds every answer by its question title, lists for multiple choice', async () => {
    const key = secret();
    const flow = await crmFlow(
      { source: 'typeform', signature: { scheme: 'typeform', secret: key } },
      { email: 'fields@example.com', fields: { all: '{{ trigger.fields | json }}' } },
    );
    const body = JSON.stringify(typeformPayload(randomBytes(8).toString('hex'), 'grace@example.com'));
    const res = await send(flow.url, body, { 'typeform-signature': sign(key, body) });
    expect(res.status).toBe(202);
    const run = await finishedRun(t, { eventId: res.json.eventId });
    expect(run.status).toBe('succeeded');
    const contact = await db.contact.findFirst({
      where: { workspaceId: t.workspaceId, email: 'fields@example.com' },
      select: { fields: true },
    });
    expect(JSON.parse((contact?.fields as any).all)).toEqual({
      'Your email address': 'grace@example.com',
      'What is your name?': 'Ada Lovelace',
      Topics: ['Billing', 'Support'],
      Plan: 'Pro',
    });
  });
});

describe('Tally', () => {
  /** Tally's documented FORM_RESPONSE payload (tally.so/help/webhooks). */
  const tallyPayload = (responseId: string, email: string) => ({
    eventId: randomUUID(),
    eventType: 'FORM_RESPONSE',
    createdAt: '2026-12-04T21:00:00.000Z',
    data: {
      responseId,
      submissionId: responseId,
      respondentId: 'dwQKYm',
      formId: 'VwbNEw',
      formName: 'Contact',
      createdAt: '2026-12-04T21:00:00.000Z',
      fields: [
        { key: 'question_mVGEJz', label: 'Full name', type: 'INPUT_TEXT', value: 'Grace Hopper' },
        { key: 'question_nPpl4J', label: 'Email', type: 'INPUT_EMAIL', value: email },
        {
          key: 'question_3EKz4n',
          label: 'Interests',
          type: 'CHECKBOXES',
          value: ['d2a1c6f8', 'a4b9e2c1'],
          options: [
            { id: 'd2a1c6f8', text: 'Automation' },
            { id: 'a4b9e2c1', text: 'CRM' },
            { id: 'ffffffff', text: 'Other' },
          ],
        },
      ],
    },
  });
  const sign = (key: string, body: string) => createHmac('sha256', key).update(body).digest('base64');

  it('accepted with its signature, a contact by label, duplicate by responseId, tampered 401', async () => {
    const key = secret();
    const flow = await crmFlow(
      { source: 'tally', signature: { scheme: 'tally', secret: key } },
      {
        email: '{{ trigger.fields.Email }}',
        name: '{{ trigger.fields["Full name"] }}',
        tags: '{{ trigger.fields.Interests | join: "," }}',
      },
    );
    const responseId = randomBytes(6).toString('hex');
    const body = JSON.stringify(tallyPayload(responseId, 'grace@example.com'));
    const first = await send(flow.url, body, { 'tally-signature': sign(key, body) });
    expect(first.status).toBe(202);
    const run = await finishedRun(t, { eventId: first.json.eventId });
    expect(run.status).toBe('succeeded');
    const contact = await db.contact.findFirst({
      where: { workspaceId: t.workspaceId, email: 'grace@example.com' },
      select: { name: true, tags: true },
    });
    expect(contact?.name).toBe('Grace Hopper');
    expect(contact?.tags).toEqual(expect.arrayContaining(['Automation', 'CRM']));

    const again = JSON.stringify({ ...JSON.parse(body), eventId: randomUUID() });
    const dup = await send(flow.url, again, { 'tally-signature': sign(key, again) });
    expect(dup).toEqual({ status: 200, json: { eventId: first.json.eventId, duplicate: true } });

    const refused = await send(flow.url, body.replace('Grace', 'Eve'), { 'tally-signature': sign(key, body) });
    expect(refused.status).toBe(401);
  });
});

describe('Jotform', () => {
  it('multipart with rawRequest: fields by unique name, name parts joined, duplicate by submissionID', async () => {
    const flow = await crmFlow(
      { source: 'jotform' },
      { email: '{{ trigger.fields.email }}', name: '{{ trigger.fields.name }}' },
    );
    const submissionID = String(5_800_000_000_000_000_000n + BigInt(Date.now()));
    const form = () => {
      const fd = new FormData();
      fd.set('action', '');
      fd.set('formID', '233456789012345');
      fd.set('submissionID', submissionID);
      fd.set('formTitle', 'Contact');
      fd.set('pretty', 'Name:Katherine Johnson, E-mail:katherine@example.com');
      fd.set(
        'rawRequest',
        JSON.stringify({
          slug: 'submit/233456789012345',
          q3_name: { first: 'Katherine', last: 'Johnson' },
          q4_email: 'katherine@example.com',
          q5_topics: ['Sales', 'Support'],
          event_id: '1701720000000_233456789012345_abc',
        }),
      );
      return fd;
    };
    const first = await fetch(flow.url, { method: 'POST', body: form() });
    expect(first.status).toBe(202);
    const json = (await first.json()) as any;
    const run = await finishedRun(t, { eventId: json.eventId });
    expect(run.status).toBe('succeeded');
    const contact = await db.contact.findFirst({
      where: { workspaceId: t.workspaceId, email: 'katherine@example.com' },
      select: { name: true },
    });
    expect(contact?.name).toBe('Katherine Johnson');
    const dup = await fetch(flow.url, { method: 'POST', body: form() });
    expect(dup.status).toBe(200);
    expect(await dup.json()).toEqual({ eventId: json.eventId, duplicate: true });
  });
});

describe('Stripe', () => {
  const stripe = new Stripe('sk_test_not_used');
  const event = (id: string) =>
    JSON.stringify({
      id,
      object: 'event',
      api_version: '2024-06-20',
      created: Math.floor(Date.now() / 1000),
      type: 'checkout.session.completed',
      livemode: false,
      data: {
        object: {
          id: 'cs_test_a1',
          object: 'checkout.session',
          amount_total: 4200,
          currency: 'eur',
          customer_details: { email: 'buyer@example.com', name: 'Buyer One' },
        },
      },
    });

  it("deliveries signed by Stripe's own SDK are accepted; redelivery duplicate; tampered 401", async () => {
    const key = `whsec_${randomBytes(24).toString('base64')}`;
    const flow = await crmFlow(
      { source: 'stripe', signature: { scheme: 'stripe', secret: key } },
      {
        email: '{{ trigger.fields["customer_details.email"] }}',
        name: '{{ trigger.fields["customer_details.name"] }}',
        fields: { paid: '{{ trigger.fields.amount_total }} {{ trigger.fields.currency }}' },
      },
    );
    const payload = event(`evt_${randomBytes(8).toString('hex')}`);
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: key });
    const first = await send(flow.url, payload, { 'stripe-signature': header });
    expect(first.status).toBe(202);
    const run = await finishedRun(t, { eventId: first.json.eventId });
    expect(run.status).toBe('succeeded');
    const contact = await db.contact.findFirst({
      where: { workspaceId: t.workspaceId, email: 'buyer@example.com' },
      select: { name: true, fields: true },
    });
    expect(contact?.name).toBe('Buyer One');
    expect((contact?.fields as any).paid).toBe('4200 eur');

    // Stripe retries with a fresh signature (new timestamp) and the same event id.
    const retried = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: key,
      timestamp: Math.floor(Date.now() / 1000) + 1,
    });
    const dup = await send(flow.url, payload, { 'stripe-signature': retried });
    expect(dup).toEqual({ status: 200, json: { eventId: first.json.eventId, duplicate: true } });

    const refused = await send(flow.url, payload.replace('4200', '1'), { 'stripe-signature': header });
    expect(refused.status).toBe(401);
    const old = stripe.webhooks.generateTestHeaderString({
      payload,
      secret: key,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect((await send(flow.url, payload, { 'stripe-signature': old })).status).toBe(401);
    const wrongKey = stripe.webhooks.generateTestHeaderString({ payload, secret: `whsec_${secret()}` });
    expect((await send(flow.url, payload, { 'stripe-signature': wrongKey })).status).toBe(401);
  });
});

describe('Svix and Standard Webhooks SDKs', () => {
  it("Svix's SDK (svix-* headers) is accepted; redelivery duplicate by svix-id; tampered 401", async () => {
    const key = `whsec_${randomBytes(24).toString('base64')}`;
    const flow = await createHookFlow(t, { signature: { scheme: 'standard-webhooks', secret: key } });
    const wh = new SvixWebhook(key);
    const id = `msg_${randomBytes(10).toString('hex')}`;
    const payload = JSON.stringify({ type: 'user.created', data: { id: 'user_1', email: 'clerk@example.com' } });
    const now = new Date();
    const headers = {
      'svix-id': id,
      'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
      'svix-signature': wh.sign(id, now, payload),
    };
    const first = await send(flow.url, payload, headers);
    expect(first.status).toBe(202);
    const dup = await send(flow.url, payload, headers);
    expect(dup).toEqual({ status: 200, json: { eventId: first.json.eventId, duplicate: true } });
    // An unsigned Idempotency-Key does not turn a captured delivery into a new one.
    const dup2 = await send(flow.url, payload, { ...headers, 'idempotency-key': randomUUID() });
    expect(dup2.status).toBe(200);
    expect((await send(flow.url, payload.replace('clerk', 'eve'), headers)).status).toBe(401);
  });

  it("standardwebhooks' SDK is accepted, and a tampered body is 401", async () => {
    const key = `whsec_${randomBytes(24).toString('base64')}`;
    const flow = await createHookFlow(t, { signature: { scheme: 'standard-webhooks', secret: key } });
    const wh = new StandardWebhook(key);
    const id = `msg_${randomBytes(10).toString('hex')}`;
    const payload = JSON.stringify({ type: 'email.sent', data: { to: ['x@example.com'] } });
    const now = new Date();
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': wh.sign(id, now, payload),
    };
    expect((await send(flow.url, payload, headers)).status).toBe(202);
    expect((await send(flow.url, `${payload} `, headers)).status).toBe(401);
    const events = await flowEvents(t, flow.id);
    expect(events.map((e) => e.status).sort()).toEqual(['accepted', 'refused']);
  });
});

describe('GitHub and Shopify: delivery id headers', () => {
  it('GitHub: X-Hub-Signature-256 checked; the same X-GitHub-Delivery is a duplicate', async () => {
    const key = secret();
    const flow = await createHookFlow(t, {
      source: 'github',
      signature: {
        scheme: 'hmac',
        secret: key,
        header: 'X-Hub-Signature-256',
        algorithm: 'sha256',
        encoding: 'hex',
        prefix: 'sha256=',
      },
    });
    const body = JSON.stringify({
      zen: 'Keep it logically awesome.',
      hook_id: 1,
      repository: { full_name: 'o/r' },
      sender: { login: 'octocat' },
    });
    const headers = {
      'x-github-event': 'ping',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', key).update(body).digest('hex')}`,
    };
    const first = await send(flow.url, body, headers);
    expect(first.status).toBe(202);
    expect((await send(flow.url, body, headers)).json).toEqual({ eventId: first.json.eventId, duplicate: true });
    expect((await send(flow.url, body.replace('awesome', 'bad'), headers)).status).toBe(401);
  });

  it('Shopify: X-Shopify-Hmac-Sha256 checked; the same X-Shopify-Webhook-Id is a duplicate', async () => {
    const key = secret();
    const flow = await createHookFlow(t, {
      source: 'shopify',
      signature: {
        scheme: 'hmac',
        secret: key,
        header: 'X-Shopify-Hmac-Sha256',
        algorithm: 'sha256',
        encoding: 'base64',
      },
    });
    const body = JSON.stringify({
      id: 820982911946154500,
      email: 'jon@example.com',
      total_price: '199.00',
      customer: { first_name: 'Jon' },
    });
    const headers = {
      'x-shopify-topic': 'orders/create',
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-hmac-sha256': createHmac('sha256', key).update(body).digest('base64'),
    };
    const first = await send(flow.url, body, headers);
    expect(first.status).toBe(202);
    expect((await send(flow.url, body, headers)).json).toEqual({ eventId: first.json.eventId, duplicate: true });
    expect((await send(flow.url, body.replace('199', '1'), headers)).status).toBe(401);
  });
});

describe('save-time checks', () => {
  it('a vendor scheme without its secret and an unknown source are refused, naming the field', async () => {
    const noSecret = await createHookFlow(t, { source: 'typeform', signature: { scheme: 'typeform' } }).catch(
      (e: Error) => e,
    );
    expect(String(noSecret)).toMatch(/signature/);
    const unknown = await createHookFlow(t, { source: 'wufoo' }, { publish: true }).catch((e: Error) => e);
    expect(String(unknown)).toMatch(/source/);
  });
});

describe('Google Forms and Webflow', () => {
  it('Google Forms: the Apps Script payload with its secret header; fields by item title; duplicate by responseId', async () => {
    const key = secret();
    const flow = await crmFlow(
      { source: 'google-forms', signature: { scheme: 'shared-secret', header: 'X-Switchboard-Secret', secret: key } },
      { email: '{{ trigger.fields["Email address"] }}', name: '{{ trigger.fields["Your name"] }}' },
    );
    // What googleFormsSnippet's onFormSubmit posts.
    const body = JSON.stringify({
      formId: '1FAIpQLSf',
      responseId: `ACYDBNj${randomBytes(6).toString('hex')}`,
      submittedAt: new Date().toISOString(),
      respondentEmail: '',
      answers: { 'Your name': 'Mary Jackson', 'Email address': 'mary@example.com', Days: ['Mon', 'Wed'] },
    });
    const first = await send(flow.url, body, { 'x-switchboard-secret': key });
    expect(first.status).toBe(202);
    const run = await finishedRun(t, { eventId: first.json.eventId });
    expect(run.status).toBe('succeeded');
    const contact = await db.contact.findFirst({
      where: { workspaceId: t.workspaceId, email: 'mary@example.com' },
      select: { name: true },
    });
    expect(contact?.name).toBe('Mary Jackson');
    expect((await send(flow.url, body, { 'x-switchboard-secret': key })).json).toEqual({
      eventId: first.json.eventId,
      duplicate: true,
    });
    expect((await send(flow.url, body, { 'x-switchboard-secret': 'wrong' })).status).toBe(401);
  });

  it('Webflow: form_submission payload.data by field name; duplicate by payload.id', async () => {
    const flow = await crmFlow(
      { source: 'webflow' },
      { email: '{{ trigger.fields.Email }}', name: '{{ trigger.fields.Name }}' },
    );
    const body = JSON.stringify({
      triggerType: 'form_submission',
      payload: {
        name: 'Contact form',
        siteId: '65427cf400e02b306eaa049c',
        data: { Name: 'Dorothy Vaughan', Email: 'dorothy@example.com' },
        submittedAt: new Date().toISOString(),
        id: randomBytes(12).toString('hex'),
        formId: '65429eadebe8a9f3a30f62d0',
      },
    });
    const first = await send(flow.url, body, {});
    expect(first.status).toBe(202);
    const run = await finishedRun(t, { eventId: first.json.eventId });
    expect(run.status).toBe('succeeded');
    const contact = await db.contact.findFirst({
      where: { workspaceId: t.workspaceId, email: 'dorothy@example.com' },
      select: { name: true },
    });
    expect(contact?.name).toBe('Dorothy Vaughan');
    expect((await send(flow.url, body, {})).json).toEqual({ eventId: first.json.eventId, duplicate: true });
  });
});
