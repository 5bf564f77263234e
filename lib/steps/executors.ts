import { runCrmUpsertContact } from './crm-upsert-contact/run';
import { runEmailSend } from './email-send/run';
import { runHttpRequest } from './http-request/run';
import { runHubspotUpsertContact } from './hubspot-upsert-contact/run';
import { runSlackPostMessage } from './slack-post-message/run';
import { runTwilioSendSms } from './twilio-send-sms/run';
import type { StepExecutor } from './types';

// Server-only: step type → executor. Each lib/steps/<type>/run.ts registers
// here. `trigger.webhook`, `filter` and `delay` are handled by the engine itself
// (lib/runs/), since they decide what runs next rather than call anything.
export const stepExecutors: Record<string, StepExecutor> = {
  'http.request': runHttpRequest,
  'crm.upsertContact': runCrmUpsertContact,
  'email.send': runEmailSend,
  'slack.postMessage': runSlackPostMessage,
  'twilio.sendSms': runTwilioSendSms,
  'hubspot.upsertContact': runHubspotUpsertContact,
};

/**
 * Steps whose whole effect is one write to Switchboard's own database, keyed
 * by run and step, so that doing it again changes nothing more. The engine
 * starts them without first recording them as running (a statement saved per
 * step); the outcome is written with the transition that follows. A worker
 * that dies during one leaves no counted try, and the next job simply does it.
 */
export const localSteps: ReadonlySet<string> = new Set(['crm.upsertContact']);
