import { z } from 'zod';
import { connectionRef, optionalTpl, stringMap, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

export const attioUpsertPersonConfig = z.object({
  connection: connectionRef(),
  email: tpl('Email'),
  firstName: optionalTpl().meta({ label: 'First name' }),
  lastName: optionalTpl().meta({ label: 'Last name' }),
  attributes: stringMap().meta({
    label: 'Other attributes',
    hint: 'Attribute slug as in Attio (e.g. description, job_title) → value; text, number and select attributes',
  }),
});

export type AttioUpsertPersonConfig = z.infer<typeof attioUpsertPersonConfig>;

export const attioUpsertPerson = defineStep({
  type: 'attio.upsertPerson',
  label: 'Attio: create or update person',
  description: 'Finds the Attio person by email and updates the name, or creates the person.',
  category: 'crm',
  schema: attioUpsertPersonConfig,
  connection: 'attio',
  idBase: 'attio',
});
