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

// Telegram Bot API as documented:
//   https://core.telegram.org/bots/api#making-requests (POST https://api.telegram.org/bot<token>/METHOD,
//     JSON; {ok: true, result} or {ok: false, error_code, description}, HTTP status = error_code)
//   https://core.telegram.org/bots/api#sendmessage ({chat_id, text, disable_notification} → Message)
//   https://core.telegram.org/bots/api#responseparameters (429: parameters.retry_after)
//   https://core.telegram.org/bots/api#getme (the check)

const TOKEN = '123456789:AAFtokenS3cretABCDEFGHIJKLMNOPQRSTU';
let t: Tenant;
let vendor: Vendor;
let conn: string;

const err = (code: number, description: string, parameters?: object): Reply => ({
  status: code,
  body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
});

function telegram(r: Recorded): Reply {
  const m = /^\/bot([^/]+)\/(\w+)$/.exec(r.path);
  if (!m || m[1] !== TOKEN) return err(401, 'Unauthorized');
  if (m[2] === 'getMe')
    return {
      status: 200,
      body: { ok: true, result: { id: 123456789, is_bot: true, first_name: 'Acme leads', username: 'acme_leads_bot' } },
    };
  if (m[2] !== 'sendMessage') return err(404, 'Not Found');
  if (!String(r.headers['content-type']).startsWith('application/json'))
    return err(400, 'Bad Request: message text is empty');
  const b = JSON.parse(r.body);
  if (b.chat_id !== -1001234567890 && b.chat_id !== '@acme_leads') return err(400, 'Bad Request: chat not found');
  return {
    status: 200,
    body: {
      ok: true,
      result: {
        message_id: 42,
        from: { id: 123456789, is_bot: true },
        chat: { id: -1001234567890, type: 'supergroup' },
        date: 1796000000,
        text: b.text,
      },
    },
  };
}

beforeAll(async () => {
  vendor = await startVendor();
  t = await appTenant('telegram');
  conn = await createConnection(t, 'telegram', { botToken: TOKEN, baseUrl: vendor.url });
});
afterAll(() => vendor.close());

const node = (chatId = '-1001234567890') => ({
  type: 'telegram.sendMessage',
  config: {
    connection: conn,
    chatId,
    text: 'New lead: {{ trigger.body.name }} <{{ trigger.body.email }}>',
    silent: true,
  },
});
const event = { name: 'Ada', email: 'ada@example.test' };

describe('telegram.sendMessage in a published flow', () => {
  it('POSTs /bot<token>/sendMessage with {chat_id, text, disable_notification}', async () => {
    vendor.reply(telegram);
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step.output).toEqual({ messageId: 42, chatId: -1001234567890 });
    const [req] = vendor.requests;
    expect(vendor.requests).toHaveLength(1);
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(json(req!)).toEqual({
      chat_id: -1001234567890,
      text: 'New lead: Ada <ada@example.test>',
      disable_notification: true,
    });
  });

  it('a @channelusername goes as a string', async () => {
    vendor.reply(telegram);
    const { step } = await runOneStep(t, node('@acme_leads'), event);
    expect(step).toMatchObject({ status: 'succeeded' });
    expect(json(vendor.requests[0]!).chat_id).toBe('@acme_leads');
  });

  it('400 "chat not found" fails at once, and the token never shows in the error', async () => {
    vendor.reply(telegram);
    const { run, step } = await runOneStep(t, node('-100999'), event);
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Telegram refused the message: Bad Request: chat not found');
    expect(JSON.stringify(run)).not.toContain('AAFtokenS3cret');
  });

  it('a 429 waits parameters.retry_after, then a 502 is retried, then it sends', async () => {
    vendor.reply((r, n) =>
      n === 0
        ? err(429, 'Too Many Requests: retry after 1', { retry_after: 1 })
        : n === 1
          ? { status: 502, body: '<html>Bad Gateway</html>' }
          : telegram(r),
    );
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(vendor.requests[1]!.at - vendor.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(new Set(vendor.requests.map((r) => r.body)).size).toBe(1);
  });

  it('403 (bot was kicked) is not retried and says why', async () => {
    vendor.reply(firstThen(err(403, 'Forbidden: bot was kicked from the supergroup chat'), telegram));
    const { step } = await runOneStep(t, node(), event);
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('The bot may not write to this chat');
    expect(step.error).toContain('bot was kicked');
  });
});

describe('Check connection (getMe)', () => {
  it('names the bot, and fails for a revoked token', async () => {
    vendor.reply(telegram);
    expect(await checkConnection(t, conn)).toEqual({ ok: true, message: expect.stringContaining('@acme_leads_bot') });
    expect(vendor.requests[0]).toMatchObject({ method: 'GET', path: `/bot${TOKEN}/getMe` });
    const bad = await createConnection(t, 'telegram', {
      botToken: '987654321:AAFrevokedTokenABCDEFGHIJKLMNOPQRSTU',
      baseUrl: vendor.url,
    });
    expect(await checkConnection(t, bad)).toEqual({
      ok: false,
      message: expect.stringContaining('Telegram refused the bot token: Unauthorized'),
    });
  });
});
