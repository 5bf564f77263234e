import { defineApp } from '../define';
import { salesforceCreateLead } from './create-lead';

// The connection is the `salesforce` OAuth2 account (lib/integrations/oauth2/app.ts):
// made by signing in, it carries the org's instance URL.
export const salesforceApp = defineApp({
  id: 'salesforce',
  name: 'Salesforce',
  // A cloud.
  icon: 'M7 18h10.5a4.5 4.5 0 0 0 .6-8.96A6 6 0 0 0 6.6 9.1 4.5 4.5 0 0 0 7 18z',
  steps: [salesforceCreateLead],
});
