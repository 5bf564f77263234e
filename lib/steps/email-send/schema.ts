import { z } from 'zod';
import { connectionRef, optionalTpl, tpl } from '../template-string';
import { sendLimitConfig } from '../send-limit';
import type { StepDefinition } from '../types';

export const emailSendConfig = z.object({
  connection: connectionRef(),
  to: tpl('To'),
  subject: tpl('Subject'),
  text: tpl('Message'),
  html: optionalTpl(),
  replyTo: optionalTpl(),
  /** Caps on sends to recipients taken from the event (see send-limit.ts). */
  sendLimit: sendLimitConfig,
});

export type EmailSendConfig = z.infer<typeof emailSendConfig>;

export const emailSend: StepDefinition<typeof emailSendConfig> = {
  type: 'email.send',
  label: 'Send email',
  description: 'Sends an email through your SMTP server.',
  icon: 'mail',
  category: 'message',
  configSchema: emailSendConfig,
  connectionType: 'smtp',
  sideEffect: true,
};
