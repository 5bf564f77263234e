import { defineApp } from '../define';
import { googleSheetsAppendRow } from './append-row';

// Google Sheets through a signed-in Google account (the `google` connection
// of lib/integrations/oauth2/app.ts, which asks for the spreadsheets scope).
export const googleSheetsApp = defineApp({
  id: 'google-sheets',
  name: 'Google Sheets',
  // A sheet with a header row and a grid.
  icon: 'M5 3h14v18H5zM5 8h14M5 13h14M5 18h14M10 8v13',
  steps: [googleSheetsAppendRow],
});
