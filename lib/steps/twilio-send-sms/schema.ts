import { z } from 'zod';
import { connectionRef, tpl } from '../template-string';
import { sendLimitConfig } from '../send-limit';
import type { StepDefinition } from '../types';

export const twilioSendSmsConfig = z.object({
  connection: connectionRef(),
  to: tpl('To'),
  body: tpl('Message'),
  /** Caps on sends to recipients taken from the event (see send-limit.ts). */
  sendLimit: sendLimitConfig,
});

export type TwilioSendSmsConfig = z.infer<typeof twilioSendSmsConfig>;

export const twilioSendSms: StepDefinition<typeof twilioSendSmsConfig> = {
  type: 'twilio.sendSms',
  label: 'Twilio: send SMS',
  description: 'Sends a text message with Twilio.',
  icon: 'sms',
  category: 'message',
  configSchema: twilioSendSmsConfig,
  connectionType: 'twilio',
  sideEffect: true,
};
