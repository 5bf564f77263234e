import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { rateLimitPerSecond } from '../connection-fields';
import { httpRequest } from './request';

export const httpConnection = defineConnection({
  type: 'http',
  label: 'HTTP API',
  schema: z.object({
    auth: z
      .discriminatedUnion('type', [
        z
          .object({ type: z.literal('bearer'), token: z.string().min(1, 'Token is required').meta({ label: 'Token' }) })
          .meta({ choiceLabel: 'Bearer token' }),
        z
          .object({
            type: z.literal('basic'),
            username: z.string().min(1, 'Username is required').meta({ label: 'User name' }),
            password: z.string().meta({ label: 'Password' }),
          })
          .meta({ choiceLabel: 'User name and password' }),
        z
          .object({
            type: z.literal('header'),
            name: z
              .string()
              .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Header name may only contain letters, digits and - _ .')
              .meta({ label: 'Header name', hint: 'e.g. X-Api-Key' }),
            value: z.string().min(1, 'Header value is required').meta({ label: 'Header value' }),
          })
          .meta({ choiceLabel: 'Custom header' }),
      ])
      .meta({ label: 'Authentication' }),
    rateLimitPerSecond,
  }),
  secretFields: ['token', 'password', 'value'],
  summary: (k) => {
    const auth = k.auth as { type?: string; username?: string; name?: string } | undefined;
    return auth?.type === 'basic'
      ? `Basic auth as ${auth.username}`
      : auth?.type === 'header'
        ? `Header ${auth.name}`
        : 'Bearer token';
  },
});

export const httpApp = defineApp({
  id: 'http',
  name: 'HTTP',
  icon: 'globe',
  connection: httpConnection,
  steps: [httpRequest],
});
