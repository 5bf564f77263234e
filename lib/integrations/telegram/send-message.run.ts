import { StepError } from '../../steps/types';
import { connectionSettings, defineRun } from '../define-server';
import { telegramApi } from './api';
import { telegramConnection } from './app';
import { telegramSendMessage } from './send-message';

// sendMessage (core.telegram.org/bots/api#sendmessage): {chat_id, text,
// disable_notification}; the answer's result is the Message {message_id, chat, date, text}.
//
// The Bot API has no idempotency key; only answers that say nothing was sent
// are retried (429, 5xx, no connection), so a lost 200 is the one way to double.

export const TELEGRAM_MAX_TEXT = 4096;

export const runTelegramSendMessage = defineRun(telegramSendMessage, async (config, ctx) => {
  const chat = config.chatId.trim();
  if (!/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/.test(chat))
    throw new StepError(`"${chat.slice(0, 100)}" is not a chat id (a number) or @channelusername`, false);
  if (config.text.length > TELEGRAM_MAX_TEXT)
    throw new StepError(
      `The message is ${config.text.length} characters; Telegram takes at most ${TELEGRAM_MAX_TEXT}`,
      false,
    );
  const conn = await connectionSettings(ctx, telegramConnection, config.connection);
  const res = await telegramApi(conn, ctx.signal)('sendMessage', {
    chat_id: /^-?\d+$/.test(chat) ? Number(chat) : chat,
    text: config.text,
    ...(config.silent ? { disable_notification: true } : {}),
  });
  const m = res.json.result ?? {};
  return { messageId: m.message_id ?? null, chatId: m.chat?.id ?? null };
});
