import { z } from 'zod';
import { connectionRef, stringMap, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

export const hubspotUpsertContactConfig = z.object({
  connection: connectionRef(),
  email: tpl('Email'),
  properties: stringMap(),
});

export type HubspotUpsertContactConfig = z.infer<typeof hubspotUpsertContactConfig>;

export const hubspotUpsertContact = defineStep({
  type: 'hubspot.upsertContact',
  label: 'HubSpot: create or update contact',
  description: 'Finds a HubSpot contact by email and updates it, or creates it (private app token or HubSpot sign-in).',
  category: 'crm',
  schema: hubspotUpsertContactConfig,
  connection: 'hubspot',
  alsoAccepts: ['hubspot_oauth'],
  idBase: 'hubspot',
});
