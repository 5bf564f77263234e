import { z } from 'zod';
import { optionalTpl, stringMap, tpl } from '../template-string';
import type { StepDefinition } from '../types';

export const crmUpsertContactConfig = z.object({
  email: tpl('Email'),
  name: optionalTpl(),
  phone: optionalTpl(),
  company: optionalTpl(),
  /** Comma-separated (after templating) or a list. */
  tags: z.union([z.string(), z.array(z.string())]).optional(),
  fields: stringMap(),
});

export type CrmUpsertContactConfig = z.infer<typeof crmUpsertContactConfig>;

export const crmUpsertContact: StepDefinition<typeof crmUpsertContactConfig> = {
  type: 'crm.upsertContact',
  label: 'Add contact to CRM',
  description: 'Creates or updates a contact in the built-in CRM, matched by email.',
  icon: 'contact',
  category: 'crm',
  configSchema: crmUpsertContactConfig,
  sideEffect: true,
};
