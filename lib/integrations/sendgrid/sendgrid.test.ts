import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recorded } from '@/tests/helpers/recording-server';
import type { Tenant } from '@/tests/helpers/tenant';
import {
  appTenant,
  checkConnection,
  createConnection,
  firstThen,
  json,
  runOneStep,
  startVendor,
  type Vendor,
} from '@/tests/helpers/vendor-harness';

// SendGrid's v3 API as documented:
//   https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send (POST /v3/mail/send, Bearer,
//     202 with an empty body and X-Message-Id)
//   https://twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/errors
//     ({errors: [{field, message, help}]}; 400, 401, 403, 429, 500)
//   https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/rate-limits
//     (429 with X-RateLimit-Limit / -Remaining / -Reset, the Unix time the window reopens)
//   https://www.twilio.com/docs/sendgrid/api-reference/api-key-permissions (GET /v3/scopes, the check)

const KEY = 'SG.test-key.s3cret';
let t: Tenant;
let vendor: Vendor;
let conn: string;

function sendgrid(r: Recorded) {
  if (r.headers.authorization !== `Bearer ${KEY}`)
    return {
      status: 401,
      body: {
        errors: [
          { field: null, message: 'The provided authorization grant is invalid, expired, or revoked', help: null },
        ],
      },
    };
  if (r.method !== 'POST' || r.path !== '/v3/mail/send')
    return { status: 404, body: { errors: [{ message: 'not found' }] } };
  const b = JSON.parse(r.body);
  if (!b.personalizations?.[0]?.to?.length || !b.from?.email || !b.content?.length)
    return { status: 400, body: { errors: [{ message: 'Bad Request', field: null, help: null }] } };
  return { status: 202, headers: { 'x-message-id': 'W86EgYT6SQKk0lRflfLRsA' } };
}

beforeAll(async () => {
  vendor = await startVendor();
  t = await appTenant('sendgrid');
  conn = await createConnection(t, 'sendgrid', { apiKey: KEY, from: 'Acme <hello@acme.test>', baseUrl: vendor.url });
});
afterAll(() => vendor.close());

const node = () => ({
  type: 'sendgrid.sendEmail',
  config: {
    connection: conn,
    to: '{{ trigger.body.name }} <{{ trigger.body.email }}>',
    subject: 'Thanks, {{ trigger.body.name }}',
    text: 'We got your message.',
    html: '<p>We got your message.</p>',
    replyTo: 'Support <support@acme.test>',
  },
});

describe('sendgrid.sendEmail in a published flow', () => {
  it('POSTs /v3/mail/send with Bearer and the v3 mail body; 202 gives the X-Message-Id', async () => {
    vendor.reply(sendgrid);
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(step.output).toEqual({ messageId: 'W86EgYT6SQKk0lRflfLRsA' });
    const [req] = vendor.requests;
    expect(vendor.requests).toHaveLength(1);
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/v3/mail/send');
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(json(req!)).toEqual({
      personalizations: [{ to: [{ email: 'ada@example.test', name: 'Ada' }] }],
      from: { email: 'hello@acme.test', name: 'Acme' },
      reply_to: { email: 'support@acme.test', name: 'Support' },
      subject: 'Thanks, Ada',
      content: [
        { type: 'text/plain', value: 'We got your message.' },
        { type: 'text/html', value: '<p>We got your message.</p>' },
      ],
      custom_args: { switchboard_key: `run:${run.id}:app` },
      headers: { 'X-Switchboard-Idempotency-Key': `run:${run.id}:app` },
    });
  });

  it('a 400 with errors[] fails the step at once, naming field and help', async () => {
    vendor.reply(() => ({
      status: 400,
      body: {
        errors: [
          {
            message: 'The from address does not match a verified Sender Identity.',
            field: 'from',
            help: 'https://sendgrid.com/docs/for-developers/sending-email/sender-identity/',
          },
        ],
      },
    }));
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('SendGrid refused the email');
    expect(step.error).toContain('does not match a verified Sender Identity. (from)');
    expect(step.error).toContain('sender-identity');
    expect(vendor.requests).toHaveLength(1);
  });

  it('a 429 is retried when X-RateLimit-Reset says, with the same key and body', async () => {
    vendor.reply(
      firstThen(
        {
          status: 429,
          headers: {
            'x-ratelimit-limit': '600',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 2),
          },
          body: { errors: [{ field: null, message: 'too many requests' }] },
        },
        sendgrid,
      ),
    );
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    const [first, second] = vendor.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(second!.body).toBe(first!.body);
    expect(json(second!).custom_args).toEqual({ switchboard_key: `run:${run.id}:app` });
  });

  it('a 429 with Retry-After, and a 500, are retried; every try carries the same key', async () => {
    vendor.reply((r, n) =>
      n === 0
        ? { status: 429, headers: { 'retry-after': '1' }, body: { errors: [{ message: 'too many requests' }] } }
        : n === 1
          ? { status: 500, body: { errors: [{ field: null, message: 'Internal server error' }] } }
          : sendgrid(r),
    );
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(vendor.requests[1]!.at - vendor.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(new Set(vendor.requests.map((r) => json(r).custom_args.switchboard_key))).toEqual(
      new Set([`run:${run.id}:app`]),
    );
  });

  it('a 401 is not retried and says the key was refused', async () => {
    const bad = await createConnection(t, 'sendgrid', {
      apiKey: 'SG.wrong',
      from: 'hello@acme.test',
      baseUrl: vendor.url,
    });
    vendor.reply(sendgrid);
    const { step } = await runOneStep(
      t,
      { ...node(), config: { ...node().config, connection: bad } },
      { email: 'a@example.test', name: 'A' },
    );
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('SendGrid refused the API key');
  });
});

describe('Check connection (GET /v3/scopes)', () => {
  it('passes with mail.send, fails without it or with a bad key', async () => {
    vendor.reply((r) =>
      r.headers.authorization === `Bearer ${KEY}`
        ? { status: 200, body: { scopes: ['mail.send', 'alerts.read'] } }
        : r.headers.authorization === 'Bearer SG.readonly'
          ? { status: 200, body: { scopes: ['alerts.read'] } }
          : { status: 401, body: { errors: [{ field: null, message: 'authorization required' }] } },
    );
    expect(await checkConnection(t, conn)).toEqual({ ok: true, message: expect.stringContaining('may send mail') });
    expect(vendor.requests[0]).toMatchObject({ method: 'GET', path: '/v3/scopes' });
    const ro = await createConnection(t, 'sendgrid', {
      apiKey: 'SG.readonly',
      from: 'hello@acme.test',
      baseUrl: vendor.url,
    });
    expect(await checkConnection(t, ro)).toEqual({
      ok: false,
      message: expect.stringContaining('lacks the Mail Send'),
    });
    const bad = await createConnection(t, 'sendgrid', {
      apiKey: 'SG.bad',
      from: 'hello@acme.test',
      baseUrl: vendor.url,
    });
    expect(await checkConnection(t, bad)).toEqual({
      ok: false,
      message: expect.stringContaining('authorization required'),
    });
  });
});
