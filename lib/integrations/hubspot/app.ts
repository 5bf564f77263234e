import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { baseUrl, rateLimitPerSecond } from '../connection-fields';
import { hubspotUpsertContact } from './upsert-contact';

export const hubspotConnection = defineConnection({
  type: 'hubspot',
  label: 'HubSpot',
  schema: z.object({
    accessToken: z.string({ message: 'Access token is required' }).trim().min(1, 'Access token is required').meta({
      label: 'Private app access token',
      hint: 'HubSpot → Settings → Integrations → Private apps (scope: crm.objects.contacts)',
      secret: true,
    }),
    baseUrl: baseUrl(),
    rateLimitPerSecond,
  }),
  secretFields: ['accessToken'],
  summary: (k) => (k.baseUrl ? `Private app token · ${k.baseUrl}` : 'Private app token'),
});

export const hubspotApp = defineApp({
  id: 'hubspot',
  name: 'HubSpot',
  icon: 'hubspot',
  connection: hubspotConnection,
  steps: [hubspotUpsertContact],
});
