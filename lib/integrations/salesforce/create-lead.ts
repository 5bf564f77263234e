import { z } from 'zod';
import { connectionRef, optionalTpl, stringMap, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

export const salesforceCreateLeadConfig = z.object({
  connection: connectionRef(),
  email: tpl('Email'),
  firstName: optionalTpl().meta({ label: 'First name' }),
  lastName: optionalTpl().meta({
    label: 'Last name',
    hint: 'Salesforce requires one; the email address is used when it is empty',
  }),
  company: optionalTpl().meta({
    label: 'Company',
    hint: 'Salesforce requires one; “[not provided]” (as Web-to-Lead writes) when empty',
  }),
  phone: optionalTpl().meta({ label: 'Phone' }),
  leadSource: optionalTpl().meta({ label: 'Lead source', hint: 'A value of the Lead Source picklist, e.g. Web' }),
  fields: stringMap().meta({
    label: 'Other fields',
    hint: 'Field API name (e.g. Title, Description, Budget__c) → value',
  }),
});

export type SalesforceCreateLeadConfig = z.infer<typeof salesforceCreateLeadConfig>;

export const salesforceCreateLead = defineStep({
  type: 'salesforce.createLead',
  label: 'Salesforce: create lead',
  description: 'Adds a lead in Salesforce, unless an open lead with the same email is already there.',
  category: 'crm',
  schema: salesforceCreateLeadConfig,
  connection: 'salesforce',
  idBase: 'salesforce',
});
