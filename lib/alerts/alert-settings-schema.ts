import { z } from 'zod';

// Browser-safe: the flow alert settings form and PUT /flows/{id}/alerts share
// this schema. A URL field left out keeps the saved URL; "" removes it.

export const SLACK_WEBHOOK_RE = /^https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+$/;

export const alertSettingsInput = z.object({
  onFailure: z.boolean(),
  onQuiet: z.boolean(),
  email: z.boolean(),
  slackUrl: z
    .union([
      z.literal(''),
      z
        .string()
        .trim()
        .regex(SLACK_WEBHOOK_RE, 'must be a Slack incoming webhook URL (https://hooks.slack.com/services/…)'),
    ])
    .optional(),
  webhookUrl: z
    .union([
      z.literal(''),
      z
        .string()
        .trim()
        .max(2000, 'at most 2000 characters')
        .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), 'must be an http:// or https:// URL'),
    ])
    .optional(),
});

export type AlertSettingsInput = z.infer<typeof alertSettingsInput>;

export type AlertSettingsView = {
  onFailure: boolean;
  onQuiet: boolean;
  email: boolean;
  /** What is shown of a saved URL (never the whole of it: it is a secret). */
  slack: string | null;
  webhook: string | null;
  quietHours: number;
};
