import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { baseUrl, rateLimitPerSecond } from '../connection-fields';
import { sendgridSendEmail } from './send-email';

export const sendgridConnection = defineConnection({
  type: 'sendgrid',
  label: 'SendGrid',
  schema: z.object({
    apiKey: z.string({ message: 'API key is required' }).trim().min(1, 'API key is required').meta({
      label: 'API key',
      hint: 'SendGrid → Settings → API Keys (Mail Send permission); starts with SG.',
      secret: true,
    }),
    from: z.string({ message: 'From address is required' }).trim().min(3, 'From address is required').meta({
      label: 'From',
      hint: 'A verified sender or an address on an authenticated domain, e.g. Acme <hello@acme.com>',
    }),
    baseUrl: baseUrl(),
    rateLimitPerSecond,
  }),
  secretFields: ['apiKey'],
  summary: (k) => `From ${k.from}${k.baseUrl ? ` · ${k.baseUrl}` : ''}`,
});

export const sendgridApp = defineApp({
  id: 'sendgrid',
  name: 'SendGrid',
  // SendGrid's mark: three offset squares.
  icon: 'M3 9h6v6H3zM9 3h6v6H9zM9 15h6v6H9zM15 9h6v6h-6z',
  connection: sendgridConnection,
  steps: [sendgridSendEmail],
});
