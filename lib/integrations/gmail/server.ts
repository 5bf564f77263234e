import { defineAppServer } from '../define-server';
import { gmailApp } from './app';
import { runGmailSendEmail } from './send-email.run';

// "Check connection" of the Google account lives with the account (lib/integrations/oauth2/server.ts).
export const gmailServer = defineAppServer(gmailApp, { runs: [runGmailSendEmail] });
