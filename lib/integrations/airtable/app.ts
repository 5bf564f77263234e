import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { baseUrl, rateLimitPerSecond } from '../connection-fields';
import { airtableCreateRecord } from './create-record';

export const airtableConnection = defineConnection({
  type: 'airtable',
  label: 'Airtable',
  schema: z.object({
    token: z
      .string({ message: 'Personal access token is required' })
      .trim()
      .min(1, 'Personal access token is required')
      .meta({
        label: 'Personal access token',
        hint: 'airtable.com/create/tokens; scopes data.records:write (and data.records:read to find records), access to the base',
        secret: true,
      }),
    baseUrl: baseUrl(),
    rateLimitPerSecond,
  }),
  secretFields: ['token'],
  summary: (k) => (k.baseUrl ? `Personal access token · ${k.baseUrl}` : 'Personal access token'),
});

export const airtableApp = defineApp({
  id: 'airtable',
  name: 'Airtable',
  // A table: header row and columns.
  icon: 'M3 5h18v14H3zM3 10h18M9 10v9M15 10v9',
  connection: airtableConnection,
  steps: [airtableCreateRecord],
});
