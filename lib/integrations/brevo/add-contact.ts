import { z } from 'zod';
import { connectionRef, optionalTpl, stringMap, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

export const brevoAddContactConfig = z.object({
  connection: connectionRef(),
  email: tpl('Email'),
  listIds: tpl('List IDs').meta({
    label: 'List IDs',
    hint: 'Brevo → Contacts → Lists: the number in the ID column; several separated by commas, e.g. 2, 7',
  }),
  firstName: optionalTpl().meta({ label: 'First name' }),
  lastName: optionalTpl().meta({ label: 'Last name' }),
  attributes: stringMap().meta({
    label: 'Other attributes',
    hint: 'Attribute name as in Brevo (e.g. COMPANY) → value',
  }),
});

export type BrevoAddContactConfig = z.infer<typeof brevoAddContactConfig>;

export const brevoAddContact = defineStep({
  type: 'brevo.addContact',
  label: 'Brevo: add contact to list',
  description: 'Creates or updates a Brevo contact by email and adds it to lists.',
  category: 'crm',
  schema: brevoAddContactConfig,
  connection: 'brevo',
  idBase: 'brevo',
});
