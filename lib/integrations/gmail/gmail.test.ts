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

// Gmail "send email" in published flows run by a web process and worker of
// their own (the suite's have no Google client), signed in through a local
// authorization server, against a stand-in for the Gmail API that checks each
// request as Google documents it and decodes the message it was given:
//   developers.google.com/gmail/api/reference/rest/v1/users.messages/send
//   (POST /gmail/v1/users/me/messages/send, body a Message with `raw`)
//   developers.google.com/gmail/api/guides/sending (raw: an RFC 2822 message, base64url)
//   developers.google.com/gmail/api/reference/quota, cloud.google.com/apis/design/errors

let stack: OAuthStack;
let vendor: Vendor;
let b: Browser;
let t: Tenant;
let conn: string;
const refused = new Set<string>();
/** Messages the stand-in "sent", decoded. */
const sent: Mail[] = [];

type Mail = { headers: [string, string][]; header(name: string): string | undefined; parts: Record<string, string> };

const googleError = (code: number, status: string, message: string, reason?: string): Reply => ({
  status: code,
  body: {
    error: { code, message, status, ...(reason ? { errors: [{ message, domain: 'usageLimits', reason }] } : {}) },
  },
});

/** An RFC 5322 message: unfolded header fields in order, and the text/plain and text/html parts (7bit). */
function parseMail(raw: string): Mail {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers = head!
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .map(
      (line) =>
        [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()] as [string, string],
    );
  const header = (name: string) => headers.find(([k]) => k === name.toLowerCase())?.[1];
  const body = rest.join('\r\n\r\n');
  const parts: Record<string, string> = {};
  const boundary = /boundary="([^"]+)"/.exec(header('content-type') ?? '')?.[1];
  const chunks = boundary
    ? body.split(`--${boundary}`).slice(1, -1)
    : [`${`Content-Type: ${header('content-type')}`}\r\n\r\n${body}`];
  for (const chunk of chunks) {
    const [h, ...b] = chunk.replace(/^\r\n/, '').split('\r\n\r\n');
    const type = /content-type:\s*([^;\r\n]+)/i.exec(h!)?.[1]!.trim();
    parts[type!] = b.join('\r\n\r\n').replace(/\r\n$/, '');
  }
  return { headers, header, parts };
}

/** The Gmail API's messages.send, as documented. */
function gmailApi(r: Recorded): Reply {
  const token = bearerOf(r.headers);
  if (!token || refused.has(token) || !issuedAccessTokens(stack).has(token))
    return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
  if (r.method !== 'POST' || r.path !== '/gmail/v1/users/me/messages/send')
    return googleError(404, 'NOT_FOUND', 'Not found');
  if (!String(r.headers['content-type']).startsWith('application/json'))
    return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
  const body = json(r);
  if (Object.keys(body).join() !== 'raw' || typeof body.raw !== 'string')
    return googleError(
      400,
      'INVALID_ARGUMENT',
      "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
    );
  if (!/^[A-Za-z0-9_-]+$/.test(body.raw)) return googleError(400, 'INVALID_ARGUMENT', 'Invalid value for ByteString');
  const mail = parseMail(Buffer.from(body.raw, 'base64url').toString('utf8'));
  if (!mail.header('to')) return googleError(400, 'INVALID_ARGUMENT', 'Recipient address required');
  sent.push(mail);
  return {
    status: 200,
    body: { id: `18c${sent.length}f0a1b2c3d4e5`, threadId: `18c${sent.length}f0a1b2c3d4e5`, labelIds: ['SENT'] },
  };
}

beforeAll(async () => {
  vendor = await startVendor();
  stack = await startOAuthStack(1, { env: { OAUTH_GOOGLE_API_URL: vendor.url } });
  t = await createTenant('gmail');
  b = await openBrowser();
  conn = await connectAccount(stack, b.page, t.cookie, 'google', 'Support Gmail');
});
afterAll(async () => {
  await b?.close();
  await vendor?.close();
  await db.$disconnect();
  await stack?.stop();
});

const node = (config: Record<string, unknown> = {}) => ({
  type: 'gmail.sendEmail',
  config: {
    connection: conn,
    to: '{{ trigger.body.name }} <{{ trigger.body.email }}>',
    subject: 'Thanks, {{ trigger.body.name }}',
    text: 'We got your message.',
    html: '<p>We got your message.</p>',
    replyTo: 'support@acme.test',
    ...config,
  },
});

describe('gmail.sendEmail in a published flow', () => {
  it('POSTs messages/send with the account’s token and the message as base64url raw MIME', async () => {
    sent.length = 0;
    vendor.reply(gmailApi);
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(step.output).toEqual({
      messageId: '18c1f0a1b2c3d4e5',
      threadId: '18c1f0a1b2c3d4e5',
      to: 'Ada <ada@example.test>',
    });
    expect(vendor.requests).toHaveLength(1);
    expect(issuedAccessTokens(stack).has(bearerOf(vendor.requests[0]!.headers)!)).toBe(true);
    const [mail] = sent;
    expect(mail!.header('to')).toBe('Ada <ada@example.test>');
    expect(mail!.header('subject')).toBe('Thanks, Ada');
    expect(mail!.header('reply-to')).toBe('support@acme.test');
    expect(mail!.header('mime-version')).toBe('1.0');
    expect(mail!.header('x-switchboard-idempotency-key')).toBe(`run:${run.id}:app`);
    expect(mail!.header('from')).toBeUndefined(); // Gmail sends as the account itself
    expect(mail!.header('message-id')).toMatch(/^<[0-9a-f]{32}@switchboard\.local>$/);
    expect(mail!.parts).toEqual({ 'text/plain': 'We got your message.', 'text/html': '<p>We got your message.</p>' });
  });

  it('CR/LF in a subject or name from the event cannot add a header', async () => {
    sent.length = 0;
    vendor.reply(gmailApi);
    const { step } = await runOneStep(t, node({ subject: '{{ trigger.body.subject }}', html: '' }), {
      email: 'ada@example.test',
      name: 'Ada\r\nBcc: spy@evil.test',
      subject: 'Hello\r\nBcc: spy@evil.test\r\n\r\nInjected body',
    });
    expect(step).toMatchObject({ status: 'succeeded' });
    const [mail] = sent;
    expect(mail!.headers.map(([k]) => k)).not.toContain('bcc');
    expect(mail!.header('subject')!.replace(/\s+/g, ' ')).toBe('Hello Bcc: spy@evil.test Injected body');
    expect(mail!.header('to')).toMatch(/^"?Ada Bcc: spy@evil\.test"? <ada@example\.test>$/);
    expect(mail!.parts).toEqual({ 'text/plain': 'We got your message.' });
  });

  it('a quota refusal (403 userRateLimitExceeded, then 429) is retried; one message is sent', async () => {
    sent.length = 0;
    vendor.reply((r, n) =>
      n === 0
        ? googleError(403, 'PERMISSION_DENIED', 'User-rate limit exceeded', 'userRateLimitExceeded')
        : n === 1
          ? googleError(429, 'RESOURCE_EXHAUSTED', 'Too many concurrent requests for user', 'rateLimitExceeded')
          : gmailApi(r),
    );
    const { run, step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(sent).toHaveLength(1);
    // Every try carried the same message: its Message-ID and key are made from the run's step.
    const tries = vendor.requests.map((r) => parseMail(Buffer.from(json(r).raw, 'base64url').toString('utf8')));
    expect(new Set(tries.map((m) => m.header('message-id'))).size).toBe(1);
    expect(tries.map((m) => m.header('x-switchboard-idempotency-key'))).toEqual(Array(3).fill(`run:${run.id}:app`));
  });

  it('a 400 fails at once with Gmail’s message; a To that is not an address never reaches Gmail', async () => {
    vendor.reply(firstThen(googleError(400, 'FAILED_PRECONDITION', 'Mail service not enabled'), gmailApi));
    const { step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Gmail refused the request: Mail service not enabled (FAILED_PRECONDITION)');
    vendor.reply(gmailApi);
    const bad = await runOneStep(t, node({ to: '{{ trigger.body.email }}' }), { email: 'not an address' });
    expect(bad.step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(bad.step.error).toContain('is not a valid email address');
    expect(vendor.requests).toHaveLength(0);
  });

  it('a 401 refreshes the token once and sends again with the new one; one message', async () => {
    sent.length = 0;
    const rejected = [...issuedAccessTokens(stack)].at(-1)!;
    refused.add(rejected);
    const before = refreshCalls(stack).length;
    vendor.reply(gmailApi);
    const { step } = await runOneStep(t, node(), { email: 'ada@example.test', name: 'Ada' });
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(refreshCalls(stack).length - before).toBe(1);
    expect(vendor.requests.map((r) => bearerOf(r.headers))).toEqual([
      rejected,
      refreshCalls(stack).at(-1)!.answer.access_token,
    ]);
    expect(sent).toHaveLength(1);
  });
});
