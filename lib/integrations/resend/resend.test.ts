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

// Resend's API as documented:
//   https://resend.com/docs/api-reference/emails/send-email (POST /emails, Bearer, 200 {id})
//   https://resend.com/docs/dashboard/emails/idempotency-keys (Idempotency-Key header, same answer on replay)
//   https://resend.com/docs/api-reference/errors ({statusCode, name, message}; 422 validation_error,
//     429 rate_limit_exceeded, 409 concurrent_idempotent_requests, 500 application_error)
//   https://resend.com/docs/api-reference/domains/list-domains (GET /domains, the connection check;
//     a sending-only key is answered 401 restricted_api_key)

const KEY = 're_test_s3cret';
let t: Tenant;
let vendor: Vendor;
let conn: string;

/** Resend's server: first email per Idempotency-Key gets a new id, a replay gets the same answer. */
const sent = new Map<string, string>();
function resend(r: Recorded) {
  if (!r.headers.authorization)
    return {
      status: 401,
      body: { statusCode: 401, name: 'missing_api_key', message: 'Missing API key in the authorization header.' },
    };
  if (r.headers.authorization !== `Bearer ${KEY}`)
    return { status: 403, body: { statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid' } };
  if (r.method !== 'POST' || r.path !== '/emails')
    return { status: 404, body: { statusCode: 404, name: 'not_found', message: 'Not found' } };
  const b = JSON.parse(r.body);
  if (!b.from || !Array.isArray(b.to) || !b.subject)
    return { status: 422, body: { statusCode: 422, name: 'validation_error', message: 'Missing `to` field.' } };
  const key = String(r.headers['idempotency-key'] ?? '');
  const id = sent.get(key) ?? `49a3999c-0ce1-4ea6-ab68-afcd6dc2e79${sent.size}`;
  if (key) sent.set(key, id);
  return { status: 200, body: { id } };
}

beforeAll(async () => {
  vendor = await startVendor();
  t = await appTenant('resend');
  conn = await createConnection(t, 'resend', { apiKey: KEY, from: 'Acme <hello@acme.test>', baseUrl: vendor.url });
});
afterAll(() => vendor.close());

const node = () => ({
  type: 'resend.sendEmail',
  config: {
    connection: conn,
    to: '{{ trigger.body.email }}',
    subject: 'Thanks, {{ trigger.body.name }}',
    text: 'We got your message.',
    html: '<p>We got your message.</p>',
    replyTo: 'support@acme.test',
  },
});

describe('resend.sendEmail in a published flow', () => {
  it('POSTs /emails with Bearer, Idempotency-Key and Resend’s JSON; the output has the id', async () => {
    vendor.reply(resend);
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(step.output).toEqual({ id: expect.stringMatching(/^49a3999c-/) });
    const [req] = vendor.requests;
    expect(vendor.requests).toHaveLength(1);
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/emails');
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['idempotency-key']).toBe(`run:${run.id}:app`);
    expect(json(req!)).toEqual({
      from: 'Acme <hello@acme.test>',
      to: ['ada@example.test'],
      subject: 'Thanks, Ada',
      text: 'We got your message.',
      html: '<p>We got your message.</p>',
      reply_to: ['support@acme.test'],
    });
  });

  it('a 422 validation_error fails the step at once with Resend’s message', async () => {
    vendor.reply(() => ({
      status: 422,
      body: {
        statusCode: 422,
        name: 'validation_error',
        message:
          'The acme.test domain is not verified. Please, add and verify your domain on https://resend.com/domains',
      },
    }));
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Resend refused the email');
    expect(step.error).toContain('domain is not verified');
    expect(step.error).toContain('validation_error');
    expect(vendor.requests).toHaveLength(1);
  });

  it('an invalid key (403) is not retried', async () => {
    const bad = await createConnection(t, 'resend', {
      apiKey: 're_wrong',
      from: 'hello@acme.test',
      baseUrl: vendor.url,
    });
    vendor.reply(resend);
    const { step } = await runOneStep(
      t,
      { ...node(), config: { ...node().config, connection: bad } },
      { email: 'a@example.test' },
    );
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Resend refused the API key');
    expect(step.error).toContain('invalid_api_key');
  });

  it('a 429 is retried after its Retry-After with the identical Idempotency-Key and body', async () => {
    vendor.reply(
      firstThen(
        {
          status: 429,
          headers: { 'retry-after': '1', 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' },
          body: {
            statusCode: 429,
            name: 'rate_limit_exceeded',
            message: 'Too many requests. You can only make 2 requests per second.',
          },
        },
        resend,
      ),
    );
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    const [first, second] = vendor.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(second!.headers['idempotency-key']).toBe(`run:${run.id}:app`);
    expect(second!.body).toBe(first!.body);
  });

  it('a 500 after Resend sent the email: the retry replays the key and gets the same id, one email', async () => {
    // The first try reaches Resend (which records the key) but its answer is a 500.
    vendor.reply((r, n) => {
      const answer = resend(r);
      return n === 0
        ? {
            status: 500,
            body: { statusCode: 500, name: 'application_error', message: 'An unexpected error occurred.' },
          }
        : answer;
    });
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    const keys = vendor.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual([`run:${run.id}:app`, `run:${run.id}:app`]);
    expect(step.output.id).toBe(sent.get(`run:${run.id}:app`));
  });

  it('409 concurrent_idempotent_requests is retried; 409 invalid_idempotent_request is not', async () => {
    vendor.reply(
      firstThen(
        {
          status: 409,
          body: {
            statusCode: 409,
            name: 'concurrent_idempotent_requests',
            message: 'Same idempotency key used while original request is still in progress.',
          },
        },
        resend,
      ),
    );
    const busy = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(busy.step).toMatchObject({ status: 'succeeded', attempts: 2 });
    vendor.reply(() => ({
      status: 409,
      body: {
        statusCode: 409,
        name: 'invalid_idempotent_request',
        message: 'Same idempotency key used with a different request payload.',
      },
    }));
    const clash = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(clash.step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(clash.step.error).toContain('invalid_idempotent_request');
  });
});

describe('Check connection (GET /domains)', () => {
  it('a full-access key lists domains, a sending-only key passes, a wrong key fails', async () => {
    vendor.reply((r) =>
      r.headers.authorization === `Bearer ${KEY}`
        ? { status: 200, body: { object: 'list', data: [{ id: 'd91cd9bd', name: 'acme.test', status: 'verified' }] } }
        : r.headers.authorization === 'Bearer re_sendonly'
          ? {
              status: 401,
              body: {
                statusCode: 401,
                name: 'restricted_api_key',
                message: 'This API key is restricted to only send emails',
              },
            }
          : { status: 403, body: { statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid' } },
    );
    expect(await checkConnection(t, conn)).toEqual({ ok: true, message: expect.stringContaining('acme.test') });
    expect(vendor.requests[0]).toMatchObject({ method: 'GET', path: '/domains' });
    const sendOnly = await createConnection(t, 'resend', {
      apiKey: 're_sendonly',
      from: 'hello@acme.test',
      baseUrl: vendor.url,
    });
    expect(await checkConnection(t, sendOnly)).toEqual({ ok: true, message: expect.stringContaining('sending-only') });
    const bad = await createConnection(t, 'resend', { apiKey: 're_bad', from: 'hello@acme.test', baseUrl: vendor.url });
    expect(await checkConnection(t, bad)).toEqual({
      ok: false,
      message: expect.stringContaining('API key is invalid'),
    });
  });
});
