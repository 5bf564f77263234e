import '@/tests/helpers/own-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { openBrowser, type Browser } from '@/tests/helpers/browser';
import {
  bearerOf,
  connectAccount,
  issuedAccessTokens,
  refreshCalls,
  startOAuthStack,
  type OAuthStack,
} from '@/tests/helpers/oauth-stack';
import type { Recorded, Reply } from '@/tests/helpers/recording-server';
import { createTenant, type Tenant } from '@/tests/helpers/tenant';
import { firstThen, json, runOneStep, startVendor, type Vendor } from '@/tests/helpers/vendor-harness';

// Microsoft 365 "send email" in published flows run by a web process and
// worker of their own (the suite's have no Microsoft client), signed in
// through a local authorization server, against a stand-in for Microsoft
// Graph that checks each request as Microsoft documents it:
//   learn.microsoft.com/graph/api/user-sendmail (POST /v1.0/me/sendMail, JSON
//   {message, saveToSentItems}, 202 Accepted without a body)
//   learn.microsoft.com/graph/api/resources/message (subject, body {contentType: text|html, content},
//   toRecipients/replyTo [{emailAddress: {address, name}}], internetMessageHeaders: x- headers only)
//   learn.microsoft.com/graph/errors ({error: {code, message}}), learn.microsoft.com/graph/throttling (429 + Retry-After)

let stack: OAuthStack;
let vendor: Vendor;
let b: Browser;
let t: Tenant;
let conn: string;
const refused = new Set<string>();
let accepted = 0;

const graphError = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({
  status,
  headers,
  body: { error: { code, message, innerError: { 'request-id': 'b7c1a0e2-0000-4000-8000-000000000000' } } },
});

const MESSAGE_KEYS = [
  'subject',
  'body',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'internetMessageHeaders',
  'importance',
];
const recipientsOk = (list: unknown) =>
  Array.isArray(list) &&
  list.every(
    (r) =>
      r &&
      Object.keys(r).join() === 'emailAddress' &&
      typeof r.emailAddress.address === 'string' &&
      Object.keys(r.emailAddress).every((k) => k === 'address' || k === 'name'),
  );

/** Microsoft Graph's sendMail, as documented. */
function graphApi(r: Recorded): Reply {
  const token = bearerOf(r.headers);
  if (!token || refused.has(token) || !issuedAccessTokens(stack).has(token))
    return graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
  if (r.method !== 'POST' || r.path !== '/v1.0/me/sendMail')
    return graphError(400, 'BadRequest', `Resource not found for the segment '${r.path}'.`);
  if (!String(r.headers['content-type']).startsWith('application/json'))
    return graphError(415, 'UnsupportedMediaType', 'Content-Type must be application/json');
  const body = json(r);
  const m = body.message;
  const bad =
    Object.keys(body).some((k) => k !== 'message' && k !== 'saveToSentItems') ||
    (body.saveToSentItems !== undefined && typeof body.saveToSentItems !== 'boolean') ||
    !m ||
    Object.keys(m).some((k) => !MESSAGE_KEYS.includes(k)) ||
    typeof m.subject !== 'string' ||
    !['text', 'html'].includes(String(m.body?.contentType).toLowerCase()) ||
    typeof m.body?.content !== 'string' ||
    !recipientsOk(m.toRecipients) ||
    !m.toRecipients.length ||
    (m.replyTo !== undefined && !recipientsOk(m.replyTo)) ||
    (m.internetMessageHeaders !== undefined &&
      !m.internetMessageHeaders.every((h: any) => /^x-/i.test(h.name) && typeof h.value === 'string'));
  if (bad)
    return graphError(400, 'ErrorInvalidRecipients', 'The request body does not match the sendMail message shape.');
  accepted++;
  return { status: 202, headers: { 'request-id': `req-${accepted}` } };
}

beforeAll(async () => {
  vendor = await startVendor();
  stack = await startOAuthStack(1, { microsoft: true, env: { OAUTH_MICROSOFT_API_URL: vendor.url } });
  t = await createTenant('outlook');
  b = await openBrowser();
  conn = await connectAccount(stack, b.page, t.cookie, 'microsoft', 'Sales Outlook');
});
afterAll(async () => {
  await b?.close();
  await vendor?.close();
  await db.$disconnect();
  await stack?.stop();
});

const node = (config: Record<string, unknown> = {}) => ({
  type: 'outlook.sendEmail',
  config: {
    connection: conn,
    to: '{{ trigger.body.name }} <{{ trigger.body.email }}>, team@acme.test',
    subject: 'Thanks, {{ trigger.body.name }}',
    body: '<p>We got your message.</p>',
    bodyType: 'html',
    replyTo: 'support@acme.test',
    ...config,
  },
});

describe('outlook.sendEmail in a published flow', () => {
  it('POSTs /me/sendMail with the account’s token and Graph’s message JSON; 202 succeeds', async () => {
    vendor.reply(graphApi);
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(step.output).toEqual({
      accepted: true,
      to: 'Ada <ada@example.test>, team@acme.test',
      requestId: `req-${accepted}`,
    });
    expect(vendor.requests).toHaveLength(1);
    const [req] = vendor.requests;
    expect(issuedAccessTokens(stack).has(bearerOf(req!.headers)!)).toBe(true);
    expect(json(req!)).toEqual({
      message: {
        subject: 'Thanks, Ada',
        body: { contentType: 'HTML', content: '<p>We got your message.</p>' },
        toRecipients: [
          { emailAddress: { address: 'ada@example.test', name: 'Ada' } },
          { emailAddress: { address: 'team@acme.test' } },
        ],
        replyTo: [{ emailAddress: { address: 'support@acme.test' } }],
        internetMessageHeaders: [{ name: 'X-Switchboard-Idempotency-Key', value: `run:${run.id}:app` }],
      },
      saveToSentItems: true,
    });
  });

  it('text body and saveToSentItems false are sent as Graph spells them', async () => {
    vendor.reply(graphApi);
    const { step } = await runOneStep(
      t,
      node({ body: 'Plain words', bodyType: 'text', saveToSentItems: false, replyTo: '' }),
      { email: 'ada@example.test', name: 'Ada' },
    );
    expect(step).toMatchObject({ status: 'succeeded' });
    const body = json(vendor.requests[0]!);
    expect(body.saveToSentItems).toBe(false);
    expect(body.message.body).toEqual({ contentType: 'Text', content: 'Plain words' });
    expect(body.message.replyTo).toBeUndefined();
  });

  it('a 429 is retried after its Retry-After; one message is accepted', async () => {
    const before = accepted;
    vendor.reply(
      firstThen(
        graphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', {
          'retry-after': '1',
        }),
        graphApi,
      ),
    );
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    const [first, second] = vendor.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(second!.body).toBe(first!.body);
    expect(accepted - before).toBe(1);
  });

  it('a 403 (no Mail.Send, no mailbox) fails at once with Graph’s code and message', async () => {
    vendor.reply(() => graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.'));
    const { step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Microsoft refused access');
    expect(step.error).toContain('Access is denied. Check credentials and try again. (ErrorAccessDenied)');
    expect(vendor.requests).toHaveLength(1);
  });

  it('a 401 refreshes the token once and sends again with the new one', async () => {
    const before = accepted;
    const rejected = [...issuedAccessTokens(stack)].at(-1)!;
    refused.add(rejected);
    const refreshes = refreshCalls(stack).length;
    vendor.reply(graphApi);
    const { step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(refreshCalls(stack).length - refreshes).toBe(1);
    expect(refreshCalls(stack).at(-1)!.params.get('client_id')).toBe('switchboard-test-client');
    expect(vendor.requests.map((r) => bearerOf(r.headers))).toEqual([
      rejected,
      refreshCalls(stack).at(-1)!.answer.access_token,
    ]);
    expect(accepted - before).toBe(1);
  });
});
