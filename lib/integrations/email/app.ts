import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { rateLimitPerSecond } from '../connection-fields';
import { emailSend } from './send';

export const smtpConnection = defineConnection({
  type: 'smtp',
  label: 'Email (SMTP)',
  schema: z.object({
    host: z
      .string({ message: 'Host is required' })
      .trim()
      .min(1, 'Host is required')
      .meta({ label: 'SMTP server', hint: 'e.g. smtp.gmail.com' }),
    port: z.coerce
      .number({ message: 'Port must be a number' })
      .int()
      .min(1)
      .max(65535)
      .default(587)
      .meta({ label: 'Port', hint: '587 for STARTTLS, 465 for TLS' }),
    /** TLS from the first byte (usually port 465). */
    secure: z.boolean().default(false).meta({ label: 'Use TLS from the start (port 465)' }),
    /** Require STARTTLS on a plain connection (usually port 587). */
    starttls: z.boolean().optional().meta({
      label: 'Require STARTTLS',
      hint: 'Refuse to send if the server cannot upgrade to an encrypted connection',
    }),
    user: z.string().trim().optional().meta({ label: 'User name' }),
    pass: z.string().optional().meta({ label: 'Password', secret: true }),
    from: z
      .string({ message: 'From address is required' })
      .trim()
      .min(3, 'From address is required')
      .meta({ label: 'From address', hint: 'e.g. Acme Support <support@acme.com>' }),
    rateLimitPerSecond,
  }),
  secretFields: ['pass'],
  summary: (k) => `${k.host}:${k.port}${k.user ? ` as ${k.user}` : ''} · from ${k.from}`,
});

export const emailApp = defineApp({
  id: 'email',
  name: 'Email',
  icon: 'mail',
  connection: smtpConnection,
  steps: [emailSend],
});
