import { z } from 'zod';

// Browser-safe: fields several connection types share.

export const httpUrl = (label: string) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .url(`${label} must be a full URL (https://...)`)
    .refine((v) => /^https?:\/\//i.test(v), `${label} must start with http:// or https://`);

/** A vendor API base URL override (a proxy, or a local server in tests). */
export const baseUrl = () =>
  httpUrl('Base URL')
    .optional()
    .meta({ label: 'API base URL', hint: 'Leave empty unless you use a proxy or a test server' });

/** Calls per second that all workers together make with one connection (a vendor's limit); excess calls wait. */
export const rateLimitPerSecond = z
  .number({ message: 'Rate limit must be a number' })
  .positive('Rate limit must be more than 0')
  .max(10_000)
  .optional()
  .meta({
    label: 'Rate limit (calls per second)',
    hint: 'Optional: the vendor’s limit, shared by all workers; extra calls wait',
  });
