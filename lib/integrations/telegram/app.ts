import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { baseUrl, rateLimitPerSecond } from '../connection-fields';
import { telegramSendMessage } from './send-message';

export const telegramConnection = defineConnection({
  type: 'telegram',
  label: 'Telegram bot',
  schema: z.object({
    botToken: z
      .string({ message: 'Bot token is required' })
      .trim()
      .regex(/^\d{3,20}:[A-Za-z0-9_-]{30,60}$/, 'A bot token looks like 123456789:AAF…, as @BotFather gives it')
      .meta({ label: 'Bot token', hint: 'From @BotFather (/newbot or /token)', secret: true }),
    baseUrl: baseUrl(),
    rateLimitPerSecond,
  }),
  secretFields: ['botToken'],
  summary: (k) => (k.baseUrl ? `Bot · ${k.baseUrl}` : 'Bot'),
});

export const telegramApp = defineApp({
  id: 'telegram',
  name: 'Telegram',
  // A paper plane, as in Telegram's mark.
  icon: 'M21 4 3 11l6 2 2 6 3-4 4 3zM9 13l12-9',
  connection: telegramConnection,
  steps: [telegramSendMessage],
});
