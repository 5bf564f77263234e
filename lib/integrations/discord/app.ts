import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { httpUrl, rateLimitPerSecond } from '../connection-fields';
import { discordPostMessage } from './post-message';

export const discordConnection = defineConnection({
  type: 'discord',
  label: 'Discord',
  schema: z.object({
    webhookUrl: httpUrl('Webhook URL').meta({
      label: 'Webhook URL',
      hint: 'Channel → Edit channel → Integrations → Webhooks → Copy webhook URL (https://discord.com/api/webhooks/…)',
      secret: true,
    }),
    rateLimitPerSecond,
  }),
  secretFields: ['webhookUrl'],
  summary: () => 'Channel webhook',
});

export const discordApp = defineApp({
  id: 'discord',
  name: 'Discord',
  // A game-controller face, as in Discord's mark.
  icon: 'M6 6c4-2 8-2 12 0l2 10c-2 2-4 2-5 2l-1-2h-4l-1 2c-1 0-3 0-5-2zM9 12h.01M15 12h.01',
  connection: discordConnection,
  steps: [discordPostMessage],
});
