import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { httpUrl, rateLimitPerSecond } from '../connection-fields';
import { slackPostMessage } from './post-message';

export const slackConnection = defineConnection({
  type: 'slack',
  label: 'Slack',
  schema: z.object({
    webhookUrl: httpUrl('Webhook URL').meta({
      label: 'Incoming webhook URL',
      hint: 'https://hooks.slack.com/services/…',
      secret: true,
    }),
    rateLimitPerSecond,
  }),
  secretFields: ['webhookUrl'],
  summary: () => 'Incoming webhook',
});

export const slackApp = defineApp({
  id: 'slack',
  name: 'Slack',
  icon: 'slack',
  connection: slackConnection,
  steps: [slackPostMessage],
});
