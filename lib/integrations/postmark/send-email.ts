import { z } from 'zod';
import { connectionRef, optionalTpl, tpl } from '../../steps/template-string';
import { sendLimitConfig } from '../../steps/send-limit';
import { defineStep } from '../define';

export const postmarkSendEmailConfig = z.object({
  connection: connectionRef(),
  to: tpl('To').meta({ label: 'To', hint: 'One address or several, separated by commas' }),
  subject: tpl('Subject'),
  text: tpl('Message').meta({ label: 'Message', multiline: true }),
  html: optionalTpl().meta({ label: 'HTML message', multiline: true }),
  replyTo: optionalTpl().meta({ label: 'Reply-to' }),
  tag: optionalTpl().meta({ label: 'Tag', hint: 'Optional: groups messages in Postmark’s statistics' }),
  /** Caps on sends to recipients taken from the event (see send-limit.ts). */
  sendLimit: sendLimitConfig,
});

export type PostmarkSendEmailConfig = z.infer<typeof postmarkSendEmailConfig>;

export const postmarkSendEmail = defineStep({
  type: 'postmark.sendEmail',
  label: 'Postmark: send email',
  description: 'Sends an email through Postmark’s API.',
  category: 'message',
  schema: postmarkSendEmailConfig,
  connection: 'postmark',
  idBase: 'postmark',
});
