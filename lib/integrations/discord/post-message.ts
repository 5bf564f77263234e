import { z } from 'zod';
import { connectionRef, optionalTpl, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

export const discordPostMessageConfig = z.object({
  connection: connectionRef(),
  content: tpl('Message').meta({
    label: 'Message',
    multiline: true,
    hint: 'Up to 2000 characters; @mentions stay plain text',
  }),
  username: optionalTpl().meta({ label: 'Post as', hint: 'Optional: a name shown instead of the webhook’s' }),
});

export type DiscordPostMessageConfig = z.infer<typeof discordPostMessageConfig>;

export const discordPostMessage = defineStep({
  type: 'discord.postMessage',
  label: 'Discord: post message',
  description: 'Posts a message to a Discord channel through its webhook.',
  category: 'message',
  schema: discordPostMessageConfig,
  connection: 'discord',
  idBase: 'discord',
});
