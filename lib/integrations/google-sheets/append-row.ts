import { z } from 'zod';
import { connectionRef, tpl } from '../../steps/template-string';
import { defineStep } from '../define';
import { spreadsheetIdOf } from './spreadsheet-id';

const TEMPLATE = /\{\{|\{%/;

export const googleSheetsAppendRowConfig = z.object({
  connection: connectionRef(),
  spreadsheet: tpl('Spreadsheet')
    .refine(
      (v) => TEMPLATE.test(v) || spreadsheetIdOf(v) !== null,
      'Paste the spreadsheet’s address (https://docs.google.com/spreadsheets/d/…) or its id',
    )
    .meta({
      label: 'Spreadsheet',
      hint: 'The sheet’s address from the browser, or its id (the part after /d/)',
      placeholder: 'https://docs.google.com/spreadsheets/d/…/edit',
    }),
  sheet: tpl('Sheet name').max(100, 'A sheet name has at most 100 characters').meta({
    label: 'Sheet name',
    hint: 'The tab to add the row to, e.g. Sheet1',
  }),
  values: z
    .array(z.string().max(50_000, 'A cell holds at most 50,000 characters'))
    .min(1, 'Add at least one column value')
    .max(1000, 'At most 1,000 columns')
    .meta({
      label: 'Column values',
      hint: 'One per column, from the first column of the table: e.g. {{ trigger.body.email }}. Values are entered as if typed (numbers, dates and "=" formulas are interpreted)',
    }),
});

export type GoogleSheetsAppendRowConfig = z.infer<typeof googleSheetsAppendRowConfig>;

export const googleSheetsAppendRow = defineStep({
  type: 'googleSheets.appendRow',
  label: 'Google Sheets: add a row',
  description: 'Adds a row after the last row of a sheet’s table.',
  category: 'crm',
  schema: googleSheetsAppendRowConfig,
  connection: 'google',
  idBase: 'sheets',
});
