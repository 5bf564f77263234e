import { z } from 'zod';
import { connectionRef, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

export const telegramSendMessageConfig = z.object({
  connection: connectionRef(),
  chatId: tpl('Chat').meta({
    label: 'Chat ID',
    hint: 'A number (e.g. -1001234567890 for a group) or @channelusername; the bot must be in the chat',
  }),
  text: tpl('Message').meta({ label: 'Message', multiline: true, hint: 'Up to 4096 characters, sent as plain text' }),
  silent: z.boolean().optional().meta({ label: 'Send silently (no notification sound)' }),
});

export type TelegramSendMessageConfig = z.infer<typeof telegramSendMessageConfig>;

export const telegramSendMessage = defineStep({
  type: 'telegram.sendMessage',
  label: 'Telegram: send message',
  description: 'Sends a message from your Telegram bot to a chat, group or channel.',
  category: 'message',
  schema: telegramSendMessageConfig,
  connection: 'telegram',
  idBase: 'telegram',
});
