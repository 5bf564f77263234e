import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { httpUrl, rateLimitPerSecond } from '../connection-fields';
import { teamsPostMessage } from './post-message';

export const teamsConnection = defineConnection({
  type: 'teams',
  label: 'Microsoft Teams',
  schema: z.object({
    webhookUrl: httpUrl('Webhook URL').meta({
      label: 'Workflow webhook URL',
      hint: 'Teams channel → ⋯ → Workflows → "Post to a channel when a webhook request is received" → copy the URL',
      secret: true,
    }),
    rateLimitPerSecond,
  }),
  secretFields: ['webhookUrl'],
  summary: () => 'Channel webhook',
});

export const teamsApp = defineApp({
  id: 'teams',
  name: 'Microsoft Teams',
  // A "T" on a card, as in Teams' mark.
  icon: 'M3 6h12v12H3zM6 9h6M9 9v6M15 8h4a2 2 0 0 1 2 2v5a3 3 0 0 1-6 0',
  connection: teamsConnection,
  steps: [teamsPostMessage],
});
