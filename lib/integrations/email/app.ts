import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { emailAddress, hostName, portNumber, rateLimitPerSecond } from '../connection-fields';
import { emailSend } from './send';

export const smtpConnection = defineConnection({
  type: 'smtp',
  label: 'Email (SMTP)',
  schema: z.object({
    host: hostName('SMTP server').meta({ label: 'SMTP server', hint: 'The host name alone, e.g. smtp.gmail.com' }),
    port: portNumber().default(587).meta({ label: 'Port', hint: '587 for STARTTLS, 465 for TLS' }),
    /** TLS from the first byte (usually port 465). */
    secure: z.boolean().default(false).meta({ label: 'Use TLS from the start (port 465)' }),
    /** Require STARTTLS on a plain connection (usually port 587). */
    starttls: z.boolean().optional().meta({
      label: 'Require STARTTLS',
      hint: 'Refuse to send if the server cannot upgrade to an encrypted connection',
    }),
    user: z.string().trim().optional().meta({ label: 'User name' }),
    pass: z.string().optional().meta({ label: 'Password', secret: true }),
    from: emailAddress('From address').meta({ label: 'From address', hint: 'e.g. Acme Support <support@acme.com>' }),
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
