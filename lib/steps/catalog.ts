import { crmUpsertContact } from './crm-upsert-contact/schema';
import { delay } from './delay/schema';
import { emailSend } from './email-send/schema';
import { filter } from './filter/schema';
import { httpRequest } from './http-request/schema';
import { hubspotUpsertContact } from './hubspot-upsert-contact/schema';
import { slackPostMessage } from './slack-post-message/schema';
import { twilioSendSms } from './twilio-send-sms/schema';
import { webhookTrigger } from './trigger-webhook/schema';
import type { StepDefinition } from './types';

// Every step type, browser-safe: the API validates configs with these schemas
// and the editor renders its palette and forms from them.
export const stepCatalog: Record<string, StepDefinition> = Object.fromEntries(
  [
    webhookTrigger,
    crmUpsertContact,
    emailSend,
    hubspotUpsertContact,
    slackPostMessage,
    twilioSendSms,
    httpRequest,
    filter,
    delay,
  ].map((d) => [d.type, d as StepDefinition]),
);

export const TRIGGER_TYPE = 'trigger.webhook';

export const stepDefinition = (type: string): StepDefinition | undefined => stepCatalog[type];
