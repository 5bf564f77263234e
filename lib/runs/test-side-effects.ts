import { stepDefinition } from '../integrations/registry';

// What "Test step" may do to the world. A step that is neither the trigger, nor
// an engine step (filter, delay), nor local (its whole effect a write to our own
// database) reaches someone outside: it sends a real email or SMS, posts to
// Slack, writes to HubSpot, calls an API. The editor says so and asks before
// testing it.

/** True when running a step of this type changes something (here or outside): not the trigger or an engine step. */
export function hasEffect(type: string): boolean {
  const def = stepDefinition(type);
  return !!def && def.category !== 'trigger' && def.category !== 'logic';
}

/** True when testing a step of this type has an effect outside Switchboard. */
export const testReachesOutside = (type: string): boolean => hasEffect(type) && !stepDefinition(type)?.local;

/** Messaging steps whose recipient (`to`) a test can replace: "Send test to me". */
export const recipientKinds: Readonly<Record<string, 'email' | 'sms'>> = {
  'email.send': 'email',
  'gmail.sendEmail': 'email',
  'outlook.sendEmail': 'email',
  'postmark.sendEmail': 'email',
  'resend.sendEmail': 'email',
  'sendgrid.sendEmail': 'email',
  'twilio.sendSms': 'sms',
};
