import { z } from 'zod';
import { connectionRef, optionalTpl, tpl } from '../../steps/template-string';
import { sendLimitConfig } from '../../steps/send-limit';
import { defineStep } from '../define';

export const emailSendConfig = z.object({
  connection: connectionRef(),
  to: tpl('To'),
  subject: tpl('Subject'),
  text: tpl('Message').meta({ label: 'Message', multiline: true }),
  html: optionalTpl().meta({ label: 'HTML message', multiline: true }),
  replyTo: optionalTpl().meta({ label: 'Reply-to' }),
  /** Caps on sends to recipients taken from the event (see send-limit.ts). */
  sendLimit: sendLimitConfig,
});

export type EmailSendConfig = z.infer<typeof emailSendConfig>;

export const emailSend = defineStep({
  type: 'email.send',
  label: 'Send email',
  description: 'Sends an email through your SMTP server.',
  category: 'message',
  schema: emailSendConfig,
  connection: 'smtp',
  idBase: 'email',
});
