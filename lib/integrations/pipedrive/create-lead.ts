import { z } from 'zod';
import { connectionRef, optionalTpl, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

export const pipedriveCreateLeadConfig = z.object({
  connection: connectionRef(),
  email: tpl('Email'),
  name: optionalTpl().meta({ label: 'Name', hint: 'The person’s name; the email address when empty' }),
  phone: optionalTpl().meta({ label: 'Phone' }),
  title: tpl('Lead title').meta({ label: 'Lead title', hint: 'e.g. Website enquiry from {{ trigger.body.name }}' }),
});

export type PipedriveCreateLeadConfig = z.infer<typeof pipedriveCreateLeadConfig>;

export const pipedriveCreateLead = defineStep({
  type: 'pipedrive.createLead',
  label: 'Pipedrive: create person and lead',
  description: 'Finds the Pipedrive person by email or creates it, then adds a lead linked to that person.',
  category: 'crm',
  schema: pipedriveCreateLeadConfig,
  connection: 'pipedrive',
  idBase: 'pipedrive',
});
