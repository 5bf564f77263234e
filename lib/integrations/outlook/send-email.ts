import { z } from 'zod';
import { connectionRef, optionalTpl, tpl } from '../../steps/template-string';
import { sendLimitConfig } from '../../steps/send-limit';
import { defineStep } from '../define';

export const outlookSendEmailConfig = z.object({
  connection: connectionRef(),
  to: tpl('To').meta({ label: 'To', hint: 'One address or several, separated by commas' }),
  subject: tpl('Subject'),
  body: tpl('Message').meta({ label: 'Message', multiline: true }),
  bodyType: z
    .enum(['text', 'html'])
    .default('text')
    .meta({ label: 'Message format', hint: 'text: sent as written; html: the message is HTML' }),
  replyTo: optionalTpl().meta({ label: 'Reply-to' }),
  saveToSentItems: z.boolean().default(true).meta({ label: 'Keep a copy in Sent Items', hint: 'On unless turned off' }),
  /** Caps on sends to recipients taken from the event (see send-limit.ts). */
  sendLimit: sendLimitConfig,
});

export type OutlookSendEmailConfig = z.infer<typeof outlookSendEmailConfig>;

export const outlookSendEmail = defineStep({
  type: 'outlook.sendEmail',
  label: 'Outlook: send email',
  description: 'Sends an email from the signed-in Microsoft 365 or Outlook.com account.',
  category: 'message',
  schema: outlookSendEmailConfig,
  connection: 'microsoft',
  idBase: 'outlook',
});
