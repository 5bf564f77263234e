import { z } from 'zod';

// Browser-safe: the send caps of the steps that message a person (email.send,
// twilio.sendSms). A form on a public page must not turn the flow into a
// relay for spam: when the recipient comes from the event (the step's `to` is
// a template), at most `perRecipientPerHour` messages go to one address and at
// most `perFlowPerHour` such messages leave the flow, per channel, in any
// hour; the others end `skipped` with the reason. A recipient written into
// the step (the shop's own address) is the owner's choice and is not capped.

export const SEND_LIMIT_DEFAULTS = { perRecipientPerHour: 5, perFlowPerHour: 100 } as const;

export const sendLimitConfig = z
  .object({
    perRecipientPerHour: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .meta({ label: 'Most to one recipient per hour (default 5)' }),
    perFlowPerHour: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .meta({ label: 'Most from this flow per hour (default 100)' }),
  })
  .optional()
  .meta({ label: 'Send limit (for recipients taken from the event)' });

export type SendLimit = { perRecipientPerHour: number; perFlowPerHour: number };

export const sendLimitOf = (c: z.infer<typeof sendLimitConfig>): SendLimit => ({
  perRecipientPerHour: c?.perRecipientPerHour ?? SEND_LIMIT_DEFAULTS.perRecipientPerHour,
  perFlowPerHour: c?.perFlowPerHour ?? SEND_LIMIT_DEFAULTS.perFlowPerHour,
});
