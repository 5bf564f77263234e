import { defineAppServer, defineCheck } from '../define-server';
import { telegramApi } from './api';
import { telegramApp, telegramConnection } from './app';
import { runTelegramSendMessage } from './send-message.run';

export const telegramServer = defineAppServer(telegramApp, {
  runs: [runTelegramSendMessage],
  // getMe: the bot the token belongs to (core.telegram.org/bots/api#getme).
  check: defineCheck(telegramConnection, async (s, { signal }) => {
    try {
      const res = await telegramApi(s, signal)('getMe');
      const bot = res.json.result ?? {};
      return { ok: true, message: `Signed in as the bot @${bot.username ?? bot.first_name ?? bot.id}.` };
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  }),
});
