import { z } from 'zod';
import { bareAddress, isEmail } from '../steps/is-email';

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

const HOST_NAME =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;

/** A server's host name (or IP address) alone: no scheme, port or path. */
export const hostName = (label: string) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .refine(
      (v) => v.length <= 253 && (HOST_NAME.test(v) || IPV6.test(v)),
      'Enter only the host name, e.g. mail.example.com',
    );

const PORT_MESSAGE = 'A port is a number from 1 to 65535';

/** A TCP port; a numeric string is taken as its number. */
export const portNumber = () =>
  z.coerce.number({ message: PORT_MESSAGE }).int(PORT_MESSAGE).min(1, PORT_MESSAGE).max(65535, PORT_MESSAGE);

/** `ana@example.com` or `Ana <ana@example.com>` (a sender, as the email step reads it). */
export const emailAddress = (label: string) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .refine((v) => {
      const bare = bareAddress(v).trim();
      return isEmail(bare) && (bare === v || /^[^<>]*<[^<>]+>$/.test(v));
    }, 'Enter an email address like ana@example.com');
