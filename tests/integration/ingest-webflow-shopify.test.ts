import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createHookFlow, flowEvents } from '../helpers/hooks';
import { finishedRun, publishedFlow } from '../helpers/run-flows';
import { createTenant, type Tenant } from '../helpers/tenant';

// Webflow's signed form_submission webhook and Shopify's duplicate header,
// through the real web server and worker, shaped as the vendors document them
// (developers.webflow.com "Working with webhooks"; shopify.dev "Ignore
// duplicate webhooks").

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('webflow');
});

async function send(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
}

describe('Webflow: x-webflow-signature', () => {
  // A webhook made with a site token answers a 64-hex-digit secretKey.
  const secretKey = randomBytes(32).toString('hex');
  const signed = (body: string, ts = Date.now(), key = secretKey) => ({
    'x-webflow-timestamp': String(ts),
    'x-webflow-signature': createHmac('sha256', key).update(`${ts}:${body}`).digest('hex'),
  });
  /** Webflow's documented form_submission payload: fields by name in payload.data, the submission id in payload.id. */
  const submission = (id: string, email: string) =>
    JSON.stringify({
      triggerType: 'form_submission',
      payload: {
        name: 'Contact Us',
        siteId: '65427cf400e02b306eaa049c',
        data: { 'First Name': 'Zaphod', 'Last Name': 'Beeblebrox', email, 'Phone Number': 15550000000 },
        schema: [
          { fieldName: 'First Name', fieldType: 'FormTextInput', fieldElementId: randomUUID() },
          { fieldName: 'Last Name', fieldType: 'FormTextInput', fieldElementId: randomUUID() },
          { fieldName: 'email', fieldType: 'FormTextInput', fieldElementId: randomUUID() },
          { fieldName: 'Phone Number', fieldType: 'FormTextInput', fieldElementId: randomUUID() },
        ],
        submittedAt: new Date().toISOString(),
        id,
        formId: '65429eadebe8a9f3a30f62d0',
        formElementId: '4e038d2c-6a1e-4953-7be9-a59a2b453177',
      },
    });

  it('signed: accepted into a contact by field name; redelivery duplicate; tampered and stale 401', async () => {
    const flow = await publishedFlow(t, {
      nodes: [
        {
          id: 'trigger',
          type: 'trigger.webhook',
          config: { source: 'webflow', signature: { scheme: 'webflow', secret: secretKey } },
        },
        {
          id: 'lead',
          type: 'crm.upsertContact',
          config: {
            email: '{{ trigger.fields.email }}',
            name: '{{ trigger.fields["First Name"] }} {{ trigger.fields["Last Name"] }}',
          },
        },
      ],
      edges: [{ source: 'trigger', target: 'lead' }],
    });
    const email = `zaphod-${randomBytes(4).toString('hex')}@heartofgold.ai`;
    const body = submission(randomBytes(12).toString('hex'), email);
    const first = await send(flow.url, body, signed(body));
    expect(first.status).toBe(202);
    expect(first.json.status).toBe('accepted');
    const run = await finishedRun(t, { eventId: first.json.eventId });
    expect(run.status).toBe('succeeded');
    const contact = await db.contact.findFirst({
      where: { workspaceId: t.workspaceId, email },
      select: { name: true },
    });
    expect(contact?.name).toBe('Zaphod Beeblebrox');

    // Webflow retries the same submission with a new timestamp and signature: same payload.id.
    const dup = await send(flow.url, body, signed(body, Date.now() + 1000));
    expect(dup).toEqual({ status: 200, json: { eventId: first.json.eventId, duplicate: true } });

    const tampered = body.replace(email, 'eve@example.com');
    const refused = await send(flow.url, tampered, signed(body));
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('invalid_signature');

    const fresh = submission(randomBytes(12).toString('hex'), email);
    const stale = await send(flow.url, fresh, signed(fresh, Date.now() - 6 * 60_000));
    expect(stale.status).toBe(401);
    expect(stale.json.error.message).toMatch(/5 minutes/);
    expect((await send(flow.url, fresh, signed(fresh, Date.now(), randomBytes(32).toString('hex')))).status).toBe(401);
    expect((await send(flow.url, fresh, {})).status).toBe(401);

    const events = await flowEvents(t, flow.id);
    expect(events.filter((e) => e.status === 'accepted')).toHaveLength(1);
    expect(events.filter((e) => e.status === 'refused')).toHaveLength(4);
  });

  it('a preset saved with its signing secret is rejected without it', async () => {
    const noSecret = await createHookFlow(t, { source: 'webflow', signature: { scheme: 'webflow' } }).catch(
      (e: Error) => e,
    );
    expect(String(noSecret)).toMatch(/signature/);
  });
});

describe('Shopify: X-Shopify-Event-Id', () => {
  it('a delivery of the same event under a new webhook id is a duplicate', async () => {
    const key = randomBytes(24).toString('hex');
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
    const body = JSON.stringify({ id: 820982911946154500, email: 'jon@example.com', total_price: '199.00' });
    const headers = () => ({
      'x-shopify-topic': 'orders/create',
      'x-shopify-event-id': eventId,
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-triggered-at': new Date().toISOString(),
      'x-shopify-hmac-sha256': createHmac('sha256', key).update(body).digest('base64'),
    });
    const eventId = randomUUID();
    const first = await send(flow.url, body, headers());
    expect(first.status).toBe(202);
    expect(await send(flow.url, body, headers())).toEqual({
      status: 200,
      json: { eventId: first.json.eventId, duplicate: true },
    });
  });
});
