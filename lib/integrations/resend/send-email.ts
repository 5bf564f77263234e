import { z } from 'zod';
import { connectionRef, optionalTpl, tpl } from '../../steps/template-string';
import { sendLimitConfig } from '../../steps/send-limit';
import { defineStep } from '../define';

export const resendSendEmailConfig = z.object({
  connection: connectionRef(),
  to: tpl('To').meta({ label: 'To', hint: 'One address or several (up to 50), separated by commas' }),
  subject: tpl('Subject'),
  text: tpl('Message').meta({ label: 'Message', multiline: true }),
  html: optionalTpl().meta({ label: 'HTML message', multiline: true }),
  replyTo: optionalTpl().meta({ label: 'Reply-to' }),
  /** Caps on sends to recipients taken from the event (see send-limit.ts). */
  sendLimit: sendLimitConfig,
});

export type ResendSendEmailConfig = z.infer<typeof resendSendEmailConfig>;

export const resendSendEmail = defineStep({
  type: 'resend.sendEmail',
  label: 'Resend: send email',
  description: 'Sends an email through Resend’s API, once even when retried.',
  category: 'message',
  schema: resendSendEmailConfig,
  connection: 'resend',
  idBase: 'resend',
});
