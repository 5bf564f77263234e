import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { baseUrl, rateLimitPerSecond } from '../connection-fields';
import { postmarkSendEmail } from './send-email';

export const postmarkConnection = defineConnection({
  type: 'postmark',
  label: 'Postmark',
  schema: z.object({
    serverToken: z
      .string({ message: 'Server API token is required' })
      .trim()
      .min(1, 'Server API token is required')
      .meta({
        label: 'Server API token',
        hint: 'Postmark → your server → API Tokens (sent as X-Postmark-Server-Token)',
        secret: true,
      }),
    from: z.string({ message: 'From address is required' }).trim().min(3, 'From address is required').meta({
      label: 'From',
      hint: 'A confirmed sender signature or an address on a verified domain, e.g. Acme <hello@acme.com>',
    }),
    messageStream: z
      .string()
      .trim()
      .optional()
      .meta({ label: 'Message stream', hint: 'Leave empty for "outbound" (transactional)' }),
    baseUrl: baseUrl(),
    rateLimitPerSecond,
  }),
  secretFields: ['serverToken'],
  summary: (k) => `From ${k.from}${k.baseUrl ? ` · ${k.baseUrl}` : ''}`,
});

export const postmarkApp = defineApp({
  id: 'postmark',
  name: 'Postmark',
  // An envelope with a postmark stamp.
  icon: 'M3 6h18v12H3zM3 6l9 7 9-7M15 15h3v-3',
  connection: postmarkConnection,
  steps: [postmarkSendEmail],
});
