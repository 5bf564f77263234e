import { z } from 'zod';
import { defineApp, defineConnection } from '../define';
import { baseUrl, rateLimitPerSecond } from '../connection-fields';
import { twilioSendSms } from './send-sms';

export const twilioConnection = defineConnection({
  type: 'twilio',
  label: 'Twilio',
  schema: z.object({
    accountSid: z
      .string({ message: 'Account SID is required' })
      .trim()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'Account SID starts with AC followed by 32 hex characters')
      .meta({ label: 'Account SID', hint: 'Starts with AC; on your Twilio console' }),
    authToken: z
      .string({ message: 'Auth token is required' })
      .trim()
      .min(1, 'Auth token is required')
      .meta({ label: 'Auth token', secret: true }),
    fromNumber: z
      .string({ message: 'From number is required' })
      .trim()
      .regex(/^\+[1-9]\d{6,14}$/, 'From number must be in E.164 form, e.g. +14155550100')
      .meta({ label: 'From number', hint: 'Your Twilio number, e.g. +14155550100' }),
    baseUrl: baseUrl(),
    rateLimitPerSecond,
  }),
  secretFields: ['authToken'],
  summary: (k) => `${k.accountSid} · from ${k.fromNumber}`,
});

export const twilioApp = defineApp({
  id: 'twilio',
  name: 'Twilio',
  icon: 'sms',
  connection: twilioConnection,
  steps: [twilioSendSms],
});
