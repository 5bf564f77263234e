import { defineAppServer } from '../define-server';
import { outlookApp } from './app';
import { runOutlookSendEmail } from './send-email.run';

// "Check connection" of the Microsoft account lives with the account (lib/integrations/oauth2/server.ts).
export const outlookServer = defineAppServer(outlookApp, { runs: [runOutlookSendEmail] });
