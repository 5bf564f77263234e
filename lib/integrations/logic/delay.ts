import { z } from 'zod';
import { defineStep } from '../define';

const amount = z.number().min(0).optional();

export const delayConfig = z
  .object({ seconds: amount, minutes: amount, hours: amount })
  .refine((c) => (c.seconds ?? 0) + (c.minutes ?? 0) + (c.hours ?? 0) > 0, {
    message: 'Set how long to wait',
    path: ['seconds'],
  })
  .refine((c) => delaySeconds(c) <= 30 * 24 * 3600, { message: 'At most 30 days', path: ['seconds'] });

export const delaySeconds = (c: { seconds?: number; minutes?: number; hours?: number }) =>
  (c.seconds ?? 0) + (c.minutes ?? 0) * 60 + (c.hours ?? 0) * 3600;

export const delay = defineStep({
  type: 'delay',
  label: 'Delay',
  description: 'Waits before the next step, without holding a worker.',
  icon: 'clock',
  category: 'logic',
  schema: delayConfig,
  idBase: 'delay',
});
