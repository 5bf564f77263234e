import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { baseUrl, rateLimitPerSecond } from '../connection-fields';
import { pipedriveCreateLead } from './create-lead';

export const pipedriveConnection = defineConnection({
  type: 'pipedrive',
  label: 'Pipedrive',
  schema: z.object({
    apiToken: z.string({ message: 'API token is required' }).trim().min(1, 'API token is required').meta({
      label: 'Personal API token',
      hint: 'Pipedrive → Personal preferences → API (sent as the x-api-token header)',
      secret: true,
    }),
    companyDomain: z
      .string()
      .trim()
      .regex(/^[a-z0-9-]*$/i, 'Only the subdomain: "acme" for acme.pipedrive.com')
      .optional()
      .meta({ label: 'Company domain', hint: 'Optional: "acme" for acme.pipedrive.com' }),
    baseUrl: baseUrl(),
    rateLimitPerSecond,
  }),
  secretFields: ['apiToken'],
  summary: (k) =>
    k.baseUrl ? `API token · ${k.baseUrl}` : k.companyDomain ? `${k.companyDomain}.pipedrive.com` : 'API token',
});

export const pipedriveApp = defineApp({
  id: 'pipedrive',
  name: 'Pipedrive',
  // A "p" as in Pipedrive's mark.
  icon: 'M8 21V5M8 9a5 5 0 1 1 0 6',
  connection: pipedriveConnection,
  steps: [pipedriveCreateLead],
});
