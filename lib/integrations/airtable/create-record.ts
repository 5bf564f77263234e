import { z } from 'zod';
import { connectionRef, optionalTpl, stringMap, tpl } from '../../steps/template-string';
import { defineStep } from '../define';

export const airtableCreateRecordConfig = z.object({
  connection: connectionRef(),
  baseId: tpl('Base ID')
    .regex(/^(app[A-Za-z0-9]{14}|.*\{\{.*)$/, 'Base ID starts with "app" followed by 14 letters or digits')
    .meta({ label: 'Base ID', hint: 'From the base’s URL: airtable.com/appXXXXXXXXXXXXXX/…' }),
  table: tpl('Table').meta({ label: 'Table', hint: 'The table’s name or its id (tblXXXXXXXXXXXXXX)' }),
  fields: stringMap().meta({ label: 'Fields', hint: 'Field name → value, e.g. Email → {{ trigger.body.email }}' }),
  mergeOn: optionalTpl().meta({
    label: 'Update the record with the same…',
    hint: 'Optional: field names, comma-separated (e.g. Email). A match is updated instead of adding a row, so resends never double',
  }),
  typecast: z.boolean().optional().meta({
    label: 'Convert text to the field types (typecast)',
    hint: 'On unless turned off: "3" fills a number field',
  }),
});

export type AirtableCreateRecordConfig = z.infer<typeof airtableCreateRecordConfig>;

export const airtableCreateRecord = defineStep({
  type: 'airtable.createRecord',
  label: 'Airtable: add a record',
  description: 'Adds a row to an Airtable table, or updates the row with the same values in the chosen fields.',
  category: 'crm',
  schema: airtableCreateRecordConfig,
  connection: 'airtable',
  idBase: 'airtable',
});
