import { z } from 'zod';
import { connectionRef, optionalTpl, tpl } from '../../steps/template-string';
import { sendLimitConfig } from '../../steps/send-limit';
import { defineStep } from '../define';

export const sendgridSendEmailConfig = z.object({
  connection: connectionRef(),
  to: tpl('To').meta({ label: 'To', hint: 'One address or several, separated by commas' }),
  subject: tpl('Subject'),
  text: tpl('Message').meta({ label: 'Message', multiline: true }),
  html: optionalTpl().meta({ label: 'HTML message', multiline: true }),
  replyTo: optionalTpl().meta({ label: 'Reply-to' }),
  /** Caps on sends to recipients taken from the event (see send-limit.ts). */
  sendLimit: sendLimitConfig,
});

export type SendgridSendEmailConfig = z.infer<typeof sendgridSendEmailConfig>;

export const sendgridSendEmail = defineStep({
  type: 'sendgrid.sendEmail',
  label: 'SendGrid: send email',
  description: 'Sends an email through SendGrid’s Mail Send API.',
  category: 'message',
  schema: sendgridSendEmailConfig,
  connection: 'sendgrid',
  idBase: 'sendgrid',
});
