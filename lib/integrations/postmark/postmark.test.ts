import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tenant } from '@/tests/helpers/tenant';
import {
  appTenant,
  checkConnection,
  createConnection,
  firstThen,
  json,
  runOneStep,
  startVendor,
  type Timed,
  type Vendor,
} from '@/tests/helpers/vendor-harness';

// Postmark's Email API as documented:
//   https://postmarkapp.com/developer/user-guide/sending-with-api (POST /email, X-Postmark-Server-Token)
//   https://postmarkapp.com/developer/api/email-api (body fields, 200 {To, SubmittedAt, MessageID, ErrorCode, Message})
//   https://postmarkapp.com/developer/api/overview#response-codes (401, 422 {ErrorCode, Message}, 429, 500)
//   https://postmarkapp.com/developer/api/server-api (GET /server, the connection check)

const TOKEN = 'pm-server-token-s3cret';
let t: Tenant;
let vendor: Vendor;
let conn: string;

const OK = (to: string) => ({
  status: 200,
  body: {
    To: to,
    SubmittedAt: '2026-12-04T21:40:00.0000000-05:00',
    MessageID: 'b7bc2f4a-e38e-4336-af7d-e6c392c2f817',
    ErrorCode: 0,
    Message: 'OK',
  },
});

/** Postmark's server: the documented auth, path and body, or the documented error. */
function postmark(r: Timed | { method: string; path: string; headers: Record<string, any>; body: string }) {
  if (r.headers['x-postmark-server-token'] !== TOKEN)
    return {
      status: 401,
      body: { ErrorCode: 10, Message: 'No Account or Server API tokens were supplied in the HTTP headers.' },
    };
  if (r.method !== 'POST' || r.path !== '/email')
    return { status: 404, body: { ErrorCode: 404, Message: 'Not found' } };
  if (!String(r.headers['content-type']).startsWith('application/json'))
    return { status: 422, body: { ErrorCode: 409, Message: 'JSON required.' } };
  const b = JSON.parse(r.body);
  if (!b.From || !b.To || !b.Subject || !(b.TextBody || b.HtmlBody))
    return { status: 422, body: { ErrorCode: 300, Message: 'Invalid email request' } };
  return OK(b.To);
}

beforeAll(async () => {
  vendor = await startVendor();
  t = await appTenant('postmark');
  conn = await createConnection(t, 'postmark', {
    serverToken: TOKEN,
    from: 'Acme <hello@acme.test>',
    baseUrl: vendor.url,
  });
});
afterAll(() => vendor.close());

const sendNode = {
  type: 'postmark.sendEmail',
  config: {
    connection: '',
    to: '{{ trigger.body.email }}',
    subject: 'Thanks, {{ trigger.body.name }}',
    text: 'We got your message.',
    html: '<p>We got your message.</p>',
    replyTo: 'support@acme.test',
    tag: 'ack',
  },
};
const node = () => ({ ...sendNode, config: { ...sendNode.config, connection: conn } });

describe('postmark.sendEmail in a published flow', () => {
  it('POSTs /email with the server token and Postmark’s JSON fields; the output has the MessageID', async () => {
    vendor.reply(postmark);
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(step.output).toEqual({ messageId: 'b7bc2f4a-e38e-4336-af7d-e6c392c2f817', to: 'ada@example.test' });
    expect(vendor.requests).toHaveLength(1);
    const [req] = vendor.requests;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/email');
    expect(req!.headers['x-postmark-server-token']).toBe(TOKEN);
    expect(req!.headers.accept).toBe('application/json');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(json(req!)).toEqual({
      From: 'Acme <hello@acme.test>',
      To: 'ada@example.test',
      Subject: 'Thanks, Ada',
      TextBody: 'We got your message.',
      HtmlBody: '<p>We got your message.</p>',
      ReplyTo: 'support@acme.test',
      Tag: 'ack',
      Headers: [{ Name: 'X-Switchboard-Idempotency-Key', Value: `run:${run.id}:app` }],
      Metadata: { switchboard_key: `run:${run.id}:app` },
      MessageStream: 'outbound',
    });
  });

  it('a 422 (inactive recipient) fails the step at once with Postmark’s message and code', async () => {
    vendor.reply(() => ({
      status: 422,
      body: {
        ErrorCode: 406,
        Message:
          'You tried to send to a recipient that has been marked as inactive. Found inactive addresses: ada@example.test.',
      },
    }));
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Postmark refused the message');
    expect(step.error).toContain('marked as inactive');
    expect(step.error).toContain('error 406');
    expect(vendor.requests).toHaveLength(1);
  });

  it('a wrong token (401) is not retried and says so', async () => {
    const bad = await createConnection(t, 'postmark', {
      serverToken: 'wrong',
      from: 'hello@acme.test',
      baseUrl: vendor.url,
    });
    vendor.reply(postmark);
    const { step } = await runOneStep(
      t,
      { ...node(), config: { ...node().config, connection: bad } },
      { email: 'a@example.test' },
    );
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Postmark refused the server API token');
    expect(step.error).toContain('error 10');
  });

  it('a 429 is retried after its Retry-After, with the same idempotency key', async () => {
    vendor.reply(
      firstThen(
        { status: 429, headers: { 'retry-after': '1' }, body: { ErrorCode: 429, Message: 'Rate limit exceeded.' } },
        postmark,
      ),
    );
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    const [first, second] = vendor.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(json(second!)).toEqual(json(first!));
    expect(json(second!).Headers).toEqual([{ Name: 'X-Switchboard-Idempotency-Key', Value: `run:${run.id}:app` }]);
  });

  it('a 500 is retried, then succeeds; every try carries the same key', async () => {
    vendor.reply((r, n) => (n < 2 ? { status: 500, body: { ErrorCode: 100, Message: 'Maintenance' } } : postmark(r)));
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(vendor.requests).toHaveLength(3);
    const keys = vendor.requests.map((r) => json(r).Metadata.switchboard_key);
    expect(new Set(keys)).toEqual(new Set([`run:${run.id}:app`]));
  });

  it('a To that is not an address fails before calling Postmark', async () => {
    vendor.reply(postmark);
    const { step } = await runOneStep(t, node(), { email: 'not an address' });
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('is not a valid email address');
    expect(vendor.requests).toHaveLength(0);
  });
});

describe('Check connection (GET /server)', () => {
  it('reports the server name for a good token, and Postmark’s message for a bad one', async () => {
    vendor.reply((r) =>
      r.headers['x-postmark-server-token'] === TOKEN && r.method === 'GET' && r.path === '/server'
        ? { status: 200, body: { ID: 1, Name: 'Staging Testing', ApiTokens: ['redacted'], Color: 'red' } }
        : { status: 401, body: { ErrorCode: 10, Message: 'Request does not contain a valid Server token.' } },
    );
    expect(await checkConnection(t, conn)).toEqual({ ok: true, message: expect.stringContaining('Staging Testing') });
    const bad = await createConnection(t, 'postmark', {
      serverToken: 'nope',
      from: 'hello@acme.test',
      baseUrl: vendor.url,
    });
    expect(await checkConnection(t, bad)).toEqual({
      ok: false,
      message: expect.stringContaining('Request does not contain a valid Server token.'),
    });
  });
});
