import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { baseUrl, rateLimitPerSecond } from '../connection-fields';
import { resendSendEmail } from './send-email';

export const resendConnection = defineConnection({
  type: 'resend',
  label: 'Resend',
  schema: z.object({
    apiKey: z.string({ message: 'API key is required' }).trim().min(1, 'API key is required').meta({
      label: 'API key',
      hint: 'Resend → API Keys; starts with re_ ("Sending access" is enough)',
      secret: true,
    }),
    from: z
      .string({ message: 'From address is required' })
      .trim()
      .min(3, 'From address is required')
      .meta({ label: 'From', hint: 'An address on a domain verified in Resend, e.g. Acme <hello@acme.com>' }),
    baseUrl: baseUrl(),
    rateLimitPerSecond,
  }),
  secretFields: ['apiKey'],
  summary: (k) => `From ${k.from}${k.baseUrl ? ` · ${k.baseUrl}` : ''}`,
});

export const resendApp = defineApp({
  id: 'resend',
  name: 'Resend',
  // An envelope with a return arrow.
  icon: 'M3 6h18v12H3zM3 6l9 7 9-7M9 21l-3-3 3-3M6 18h8',
  connection: resendConnection,
  steps: [resendSendEmail],
});
