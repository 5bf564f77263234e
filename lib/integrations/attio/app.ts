import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { baseUrl, rateLimitPerSecond } from '../connection-fields';
import { attioUpsertPerson } from './upsert-person';

export const attioConnection = defineConnection({
  type: 'attio',
  label: 'Attio',
  schema: z.object({
    accessToken: z.string({ message: 'Access token is required' }).trim().min(1, 'Access token is required').meta({
      label: 'Access token',
      hint: 'Attio → Workspace settings → Developers → an integration’s access token (scopes: record_permission:read-write, object_configuration:read)',
      secret: true,
    }),
    baseUrl: baseUrl(),
    rateLimitPerSecond,
  }),
  secretFields: ['accessToken'],
  summary: (k) => (k.baseUrl ? `Access token · ${k.baseUrl}` : 'Access token'),
});

export const attioApp = defineApp({
  id: 'attio',
  name: 'Attio',
  // A person inside a rounded square.
  icon: 'M4 4h16v16H4zM12 11a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5M7.5 17a4.5 4.5 0 0 1 9 0',
  connection: attioConnection,
  steps: [attioUpsertPerson],
});
