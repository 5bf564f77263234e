import { defineAppServer } from '../define-server';
import { salesforceApp } from './app';
import { runSalesforceCreateLead } from './create-lead.run';

// "Check connection" of the `salesforce` account is the OAuth2 one (lib/integrations/oauth2/server.ts).
export const salesforceServer = defineAppServer(salesforceApp, { runs: [runSalesforceCreateLead] });
