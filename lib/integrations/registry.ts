import type { z } from 'zod';
import { airtableApp } from './airtable/app';
import { attioApp } from './attio/app';
import { brevoApp } from './brevo/app';
import { contactsApp } from './contacts/app';
import type { AppDefinition, ConnectionDefinition, SourceDefinition, StepDefinition } from './define';
import { discordApp } from './discord/app';
import { emailApp } from './email/app';
import { gmailApp } from './gmail/app';
import { googleSheetsApp } from './google-sheets/app';
import { httpApp } from './http/app';
import { hubspotApp } from './hubspot/app';
import { logicApp } from './logic/app';
import { outlookApp } from './outlook/app';
import { oauth2App } from './oauth2/app';
import { pipedriveApp } from './pipedrive/app';
import { postmarkApp } from './postmark/app';
import { resendApp } from './resend/app';
import { salesforceApp } from './salesforce/app';
import { sendgridApp } from './sendgrid/app';
import { secretKeysOf } from './schema-fields';
import { slackApp } from './slack/app';
import { teamsApp } from './teams/app';
import { telegramApp } from './telegram/app';
import { twilioApp } from './twilio/app';
import { webhookApp } from './webhook/app';

// Browser-safe: every app, in palette order. The API validates step configs
// and connection settings with their schemas, the editor draws its palette and
// forms from them, the OpenAPI document lists them, and the engine finds each
// type's server half through registry.server.ts. A new app is one line here
// (and one in registry.server.ts).
export const apps: AppDefinition[] = [
  webhookApp,
  contactsApp,
  emailApp,
  gmailApp,
  outlookApp,
  hubspotApp,
  salesforceApp,
  pipedriveApp,
  attioApp,
  airtableApp,
  googleSheetsApp,
  brevoApp,
  slackApp,
  teamsApp,
  discordApp,
  telegramApp,
  twilioApp,
  postmarkApp,
  resendApp,
  sendgridApp,
  httpApp,
  logicApp,
  oauth2App,
];

export const stepCatalog: Record<string, StepDefinition> = Object.fromEntries(
  apps.flatMap((a) => a.steps).map((s) => [s.type, s]),
);

export const TRIGGER_TYPE = 'trigger.webhook';

/** Trigger presets (DESIGN.md "Sources"), by id. */
export const sourceCatalog: Record<string, SourceDefinition> = Object.fromEntries(
  apps.flatMap((a) => a.sources ?? []).map((s) => [s.id, s]),
);

export const stepDefinition = (type: string): StepDefinition | undefined => stepCatalog[type];

/** Every connection type an app defines (its `connection` and `connections`). */
export const connectionDefinitions: Record<string, ConnectionDefinition> = Object.fromEntries(
  apps.flatMap((a) => [...(a.connection ? [a.connection] : []), ...(a.connections ?? [])]).map((c) => [c.type, c]),
);

export const connectionTypes = Object.keys(connectionDefinitions);

export const connectionDefinition = (type: string): ConnectionDefinition | undefined => connectionDefinitions[type];

export const connectionLabel = (type: string) => connectionDefinitions[type]?.label ?? type;

/** Connection types made by signing in (`oauth2` set), in registry order. */
export const oauthConnectionDefinitions = Object.values(connectionDefinitions).filter((c) => c.oauth2);

export const isOAuthType = (type: string) => connectionDefinitions[type]?.oauth2 !== undefined;

/**
 * The connection types a step takes: its `connection`, then its `alsoAccepts`
 * with the kind `'oauth2'` expanded to every OAuth2 type. Takes a step type
 * or a connection type (a connection type alone accepts only itself).
 */
export function acceptedConnectionTypes(stepOrType: string | StepDefinition): string[] {
  const step = typeof stepOrType === 'string' ? stepCatalog[stepOrType] : stepOrType;
  if (!step) return [stepOrType as string];
  if (!step.connection) return [];
  return [
    ...new Set([
      step.connection,
      ...(step.alsoAccepts ?? []).flatMap((t) =>
        t === 'oauth2' ? oauthConnectionDefinitions.map((c) => c.type) : [t],
      ),
    ]),
  ];
}

const secretKeyCache = new Map<string, string[]>();

/** Field names (at any depth) stored encrypted for a connection type. */
export function connectionSecretKeys(type: string): string[] {
  let keys = secretKeyCache.get(type);
  if (!keys) {
    const def = connectionDefinitions[type];
    keys = def ? [...new Set([...def.secretFields, ...secretKeysOf(def.schema as z.ZodType)])] : [];
    secretKeyCache.set(type, keys);
  }
  return keys;
}
