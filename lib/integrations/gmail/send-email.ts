import { z } from 'zod';
import { connectionRef, optionalTpl, tpl } from '../../steps/template-string';
import { sendLimitConfig } from '../../steps/send-limit';
import { defineStep } from '../define';

export const gmailSendEmailConfig = z.object({
  connection: connectionRef(),
  to: tpl('To').meta({ label: 'To', hint: 'One address or several, separated by commas' }),
  subject: tpl('Subject'),
  text: tpl('Message').meta({ label: 'Message', multiline: true }),
  html: optionalTpl().meta({ label: 'HTML message', multiline: true }),
  replyTo: optionalTpl().meta({ label: 'Reply-to' }),
  /** Caps on sends to recipients taken from the event (see send-limit.ts). */
  sendLimit: sendLimitConfig,
});

export type GmailSendEmailConfig = z.infer<typeof gmailSendEmailConfig>;

export const gmailSendEmail = defineStep({
  type: 'gmail.sendEmail',
  label: 'Gmail: send email',
  description: 'Sends an email from the signed-in Gmail or Google Workspace account.',
  category: 'message',
  schema: gmailSendEmailConfig,
  connection: 'google',
  idBase: 'gmail',
});
