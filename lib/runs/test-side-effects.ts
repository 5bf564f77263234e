import { stepDefinition } from '../steps/catalog';
import { localSteps } from '../steps/executors';

// What "Test step" may do to the world. A step with a side effect that is not
// local (its whole effect a write to our own database) reaches someone outside:
// it sends a real email or SMS, posts to Slack, writes to HubSpot, calls an API.
// The editor says so and asks before testing it.

/** True when testing a step of this type has an effect outside Switchboard. */
export const testReachesOutside = (type: string): boolean =>
  stepDefinition(type)?.sideEffect === true && !localSteps.has(type);

/** Messaging steps whose recipient (`to`) a test can replace: "Send test to me". */
export const recipientKinds: Readonly<Record<string, 'email' | 'sms'>> = {
  'email.send': 'email',
  'twilio.sendSms': 'sms',
};
