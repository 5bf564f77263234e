import { z } from 'zod';
import { connectionRef, stringMap, tpl } from '../template-string';
import type { StepDefinition } from '../types';

export const hubspotUpsertContactConfig = z.object({
  connection: connectionRef(),
  email: tpl('Email'),
  properties: stringMap(),
});

export type HubspotUpsertContactConfig = z.infer<typeof hubspotUpsertContactConfig>;

export const hubspotUpsertContact: StepDefinition<typeof hubspotUpsertContactConfig> = {
  type: 'hubspot.upsertContact',
  label: 'HubSpot: create or update contact',
  description: 'Finds a HubSpot contact by email and updates it, or creates it.',
  icon: 'hubspot',
  category: 'crm',
  configSchema: hubspotUpsertContactConfig,
  connectionType: 'hubspot',
  sideEffect: true,
};
