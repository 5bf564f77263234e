import { z } from 'zod';
import { connectionRef, tpl } from '../../steps/template-string';
import { sendLimitConfig } from '../../steps/send-limit';
import { defineStep } from '../define';

export const twilioSendSmsConfig = z.object({
  connection: connectionRef(),
  to: tpl('To'),
  body: tpl('Message').meta({ label: 'Message', multiline: true }),
  /** Caps on sends to recipients taken from the event (see send-limit.ts). */
  sendLimit: sendLimitConfig,
});

export type TwilioSendSmsConfig = z.infer<typeof twilioSendSmsConfig>;

export const twilioSendSms = defineStep({
  type: 'twilio.sendSms',
  label: 'Twilio: send SMS',
  description: 'Sends a text message with Twilio.',
  category: 'message',
  schema: twilioSendSmsConfig,
  connection: 'twilio',
  idBase: 'sms',
});
