import { z } from 'zod';
import { optionalTpl, stringMap, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

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

export const crmUpsertContact = defineStep({
  type: 'crm.upsertContact',
  label: 'Add contact to CRM',
  description: 'Creates or updates a contact in the built-in CRM, matched by email.',
  category: 'crm',
  schema: crmUpsertContactConfig,
  local: true,
  idBase: 'contact',
});
