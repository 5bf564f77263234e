import type { AppServer, ConnectionCheck, ControlStep, StepRun } from './define-server';
import { airtableServer } from './airtable/server';
import { attioServer } from './attio/server';
import { brevoServer } from './brevo/server';
import { contactsServer } from './contacts/server';
import { discordServer } from './discord/server';
import { emailServer } from './email/server';
import { gmailServer } from './gmail/server';
import { googleSheetsServer } from './google-sheets/server';
import { httpServer } from './http/server';
import { hubspotServer } from './hubspot/server';
import { logicServer } from './logic/server';
import { outlookServer } from './outlook/server';
import { oauth2Server } from './oauth2/server';
import { pipedriveServer } from './pipedrive/server';
import { postmarkServer } from './postmark/server';
import { resendServer } from './resend/server';
import { salesforceServer } from './salesforce/server';
import { sendgridServer } from './sendgrid/server';
import { slackServer } from './slack/server';
import { teamsServer } from './teams/server';
import { telegramServer } from './telegram/server';
import { twilioServer } from './twilio/server';
import { webhookServer } from './webhook/server';

// Server-only: the apps' server halves (each app's server.ts), for the engine
// (runs and control steps) and "Check connection". A new app is one line here
// (and one in registry.ts).
export const appServers: AppServer[] = [
  webhookServer,
  contactsServer,
  emailServer,
  gmailServer,
  outlookServer,
  hubspotServer,
  salesforceServer,
  pipedriveServer,
  attioServer,
  airtableServer,
  googleSheetsServer,
  brevoServer,
  slackServer,
  teamsServer,
  discordServer,
  telegramServer,
  twilioServer,
  postmarkServer,
  resendServer,
  sendgridServer,
  httpServer,
  logicServer,
  oauth2Server,
];

export const stepRuns: Record<string, StepRun> = Object.fromEntries(
  appServers.flatMap((a) => a.runs).map((r) => [r.type, r]),
);

export const controlSteps: Record<string, ControlStep> = Object.fromEntries(
  appServers.flatMap((a) => a.controls).map((c) => [c.type, c]),
);

export const connectionChecks: Record<string, ConnectionCheck> = Object.fromEntries(
  appServers.flatMap((a) => a.checks).map((c) => [c.type, c]),
);
