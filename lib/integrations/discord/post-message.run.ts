import { callVendor } from '../../steps/call-vendor';
import { statusStepError } from '../../steps/outbound-step-error';
import { StepError } from '../../steps/types';
import { connectionSettings, defineRun } from '../define-server';
import { discordConnection } from './app';
import { discordPostMessage } from './post-message';

// Discord Execute Webhook (discord.com/developers/docs/resources/webhook#execute-webhook):
// POST <webhook URL>?wait=true, JSON {content, username, allowed_mentions};
// with wait=true the answer is 200 and the message object {id, channel_id, …}.
// Errors are {message, code} (discord.com/developers/docs/topics/opcodes-and-status-codes#json):
// 10015 Unknown Webhook (404), 50027 Invalid Webhook Token (401), 50035
// Invalid Form Body (400). 429 carries Retry-After and a body {message,
// retry_after (seconds), global} (discord.com/developers/docs/topics/rate-limits).
//
// `allowed_mentions: {parse: []}` keeps "@everyone" typed into a form from
// pinging the channel. Webhooks take no idempotency key (the nonce of
// Create Message is for bots); only answers that say nothing was posted are
// retried (429, 5xx, no connection), so a lost 200 is the one way to double.

export const DISCORD_MAX_CONTENT = 2000;

export const runDiscordPostMessage = defineRun(discordPostMessage, async (config, ctx) => {
  const content = config.content;
  if (content.length > DISCORD_MAX_CONTENT)
    throw new StepError(
      `The message is ${content.length} characters; Discord takes at most ${DISCORD_MAX_CONTENT}`,
      false,
    );
  const { webhookUrl } = await connectionSettings(ctx, discordConnection, config.connection);
  const url = new URL(webhookUrl);
  url.searchParams.set('wait', 'true');
  const username = config.username?.trim().slice(0, 80);
  const res = await callVendor({
    method: 'POST',
    url: url.href,
    headers: { accept: 'application/json' },
    json: { content, ...(username ? { username } : {}), allowed_mentions: { parse: [] } },
    signal: ctx.signal,
  });
  if (res.status === 200 || res.status === 204)
    return { messageId: res.json?.id ?? null, channelId: res.json?.channel_id ?? null };
  const e = res.json ?? {};
  const detail = e.message
    ? `: ${String(e.message).slice(0, 300)}${e.code ? ` (code ${e.code})` : ''}`
    : ` (HTTP ${res.status})`;
  const fields = e.errors ? ` ${JSON.stringify(e.errors).slice(0, 300)}` : '';
  const what =
    res.status === 404 || res.status === 401
      ? 'The Discord webhook no longer exists or its URL is wrong: copy it again'
      : res.status === 429
        ? 'Discord is rate limiting this webhook'
        : res.status >= 500
          ? 'Discord had trouble'
          : 'Discord refused the message';
  const err = statusStepError(res.status, res.headers, `${what}${detail}${fields}`);
  if (res.status === 429 && err.retryAfterMs === undefined && typeof e.retry_after === 'number')
    throw new StepError(err.message, true, Math.ceil(e.retry_after * 1000));
  throw err;
});
