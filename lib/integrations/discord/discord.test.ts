import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recorded, Reply } from '@/tests/helpers/recording-server';
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

// Discord webhooks as documented:
//   https://discord.com/developers/docs/resources/webhook#execute-webhook (POST the webhook URL,
//     JSON {content, username, allowed_mentions}; ?wait=true answers 200 with the message object)
//   https://discord.com/developers/docs/resources/webhook#get-webhook-with-token (GET, the check)
//   https://discord.com/developers/docs/topics/opcodes-and-status-codes#json (errors {message, code}:
//     10015 Unknown Webhook, 50035 Invalid Form Body)
//   https://discord.com/developers/docs/topics/rate-limits (429, Retry-After, body {message, retry_after, global})

const HOOK = '/api/webhooks/1180000000000000001/hookTOKENs3cret';
let t: Tenant;
let vendor: Vendor;
let conn: string;

function discord(r: Recorded): Reply {
  const url = new URL(r.path, 'http://x');
  if (url.pathname !== HOOK) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
  if (r.method === 'GET')
    return {
      status: 200,
      body: {
        id: '1180000000000000001',
        type: 1,
        name: 'Leads bot',
        channel_id: '99',
        guild_id: '77',
        token: 'hookTOKENs3cret',
      },
    };
  if (!String(r.headers['content-type']).startsWith('application/json'))
    return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
  const b = JSON.parse(r.body);
  if (!b.content) return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
  if (url.searchParams.get('wait') !== 'true') return { status: 204 };
  return {
    status: 200,
    body: {
      id: '1180000000000000777',
      type: 0,
      content: b.content,
      channel_id: '99',
      webhook_id: '1180000000000000001',
    },
  };
}

beforeAll(async () => {
  vendor = await startVendor();
  t = await appTenant('discord');
  conn = await createConnection(t, 'discord', { webhookUrl: `${vendor.url}${HOOK}` });
});
afterAll(() => vendor.close());

const node = () => ({
  type: 'discord.postMessage',
  config: {
    connection: conn,
    content: 'New lead: {{ trigger.body.name }} — {{ trigger.body.note }}',
    username: 'Switchboard',
  },
});
const event = { name: 'Ada', note: 'hi @everyone' };

describe('discord.postMessage in a published flow', () => {
  it('POSTs {content, username, allowed_mentions} to the webhook with ?wait=true; output is the message id', async () => {
    vendor.reply(discord);
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step.output).toEqual({ messageId: '1180000000000000777', channelId: '99' });
    const [req] = vendor.requests;
    expect(vendor.requests).toHaveLength(1);
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe(`${HOOK}?wait=true`);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(json(req!)).toEqual({
      content: 'New lead: Ada — hi @everyone',
      username: 'Switchboard',
      allowed_mentions: { parse: [] },
    });
  });

  it('a 400 Invalid Form Body fails at once with Discord’s message and code', async () => {
    vendor.reply(() => ({
      status: 400,
      body: {
        message: 'Invalid Form Body',
        code: 50035,
        errors: {
          content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
        },
      },
    }));
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Discord refused the message: Invalid Form Body (code 50035)');
    expect(step.error).toContain('Must be 2000 or fewer in length.');
    expect(vendor.requests).toHaveLength(1);
  });

  it('a deleted webhook (404 Unknown Webhook) is not retried', async () => {
    const gone = await createConnection(t, 'discord', { webhookUrl: `${vendor.url}/api/webhooks/1/deleted` });
    vendor.reply(discord);
    const { step } = await runOneStep(t, { ...node(), config: { ...node().config, connection: gone } }, event);
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('no longer exists');
    expect(step.error).toContain('10015');
  });

  it('a 429 is retried after retry_after (body) when there is no Retry-After header', async () => {
    vendor.reply(
      firstThen(
        { status: 429, body: { message: 'You are being rate limited.', retry_after: 1.2, global: false } },
        discord,
      ),
    );
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(vendor.requests[1]!.at - vendor.requests[0]!.at).toBeGreaterThanOrEqual(1200);
    expect(vendor.requests[1]!.body).toBe(vendor.requests[0]!.body);
  });

  it('a 429 with Retry-After, then a 502, are retried', async () => {
    vendor.reply((r, n) =>
      n === 0
        ? {
            status: 429,
            headers: { 'retry-after': '1', 'x-ratelimit-scope': 'shared' },
            body: { message: 'You are being rate limited.', retry_after: 1, global: false },
          }
        : n === 1
          ? { status: 502, body: '<html>502 Bad Gateway</html>' }
          : discord(r),
    );
    const { step } = await runOneStep(t, node(), event);
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(vendor.requests[1]!.at - vendor.requests[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('a message over 2000 characters fails without calling Discord', async () => {
    vendor.reply(discord);
    const { step } = await runOneStep(
      t,
      { ...node(), config: { connection: conn, content: '{{ trigger.body.long }}' } },
      { long: 'x'.repeat(2001) },
    );
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('at most 2000');
    expect(vendor.requests).toHaveLength(0);
  });
});

describe('Check connection (GET the webhook)', () => {
  it('names the webhook, and fails for a deleted one', async () => {
    vendor.reply(discord);
    expect(await checkConnection(t, conn)).toEqual({ ok: true, message: expect.stringContaining('Leads bot') });
    expect(vendor.requests[0]).toMatchObject({ method: 'GET', path: HOOK });
    const gone = await createConnection(t, 'discord', { webhookUrl: `${vendor.url}/api/webhooks/1/deleted` });
    expect(await checkConnection(t, gone)).toEqual({ ok: false, message: expect.stringContaining('Unknown Webhook') });
  });
});
