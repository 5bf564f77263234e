import { defineAppServer } from '../define-server';
import { googleSheetsApp } from './app';
import { runGoogleSheetsAppendRow } from './append-row.run';

// "Check connection" of the Google account lives with the account (lib/integrations/oauth2/server.ts).
export const googleSheetsServer = defineAppServer(googleSheetsApp, { runs: [runGoogleSheetsAppendRow] });
