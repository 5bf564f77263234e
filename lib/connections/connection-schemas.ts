import { z } from 'zod';
import type { ConnectionType } from '../steps/types';
import { oauthConnectionTypes, providerForType, type OAuthConnectionType } from '../oauth2/providers';

// Browser-safe: one zod schema per connection type. The API validates with it,
// the Connections page renders its form from it, and `secretKeys` says which
// fields are encrypted and never shown again.

const httpUrl = (label: string) =>
  z
    .string({ message: `${label} is required` })
    .trim()
    .url(`${label} must be a full URL (https://...)`)
    .refine((v) => /^https?:\/\//i.test(v), `${label} must start with http:// or https://`);

/** Calls per second that all workers together make with one connection (a vendor's limit); excess calls wait. */
const rateLimitPerSecond = z
  .number({ message: 'Rate limit must be a number' })
  .positive('Rate limit must be more than 0')
  .max(10_000)
  .optional();

export const smtpConnection = z.object({
  host: z.string({ message: 'Host is required' }).trim().min(1, 'Host is required'),
  port: z.coerce.number({ message: 'Port must be a number' }).int().min(1).max(65535).default(587),
  /** TLS from the first byte (usually port 465). */
  secure: z.boolean().default(false),
  /** Require STARTTLS on a plain connection (usually port 587). */
  starttls: z.boolean().optional(),
  user: z.string().trim().optional(),
  pass: z.string().optional(),
  from: z.string({ message: 'From address is required' }).trim().min(3, 'From address is required'),
  rateLimitPerSecond,
});

export const slackConnection = z.object({
  webhookUrl: httpUrl('Webhook URL'),
  rateLimitPerSecond,
});

export const twilioConnection = z.object({
  accountSid: z
    .string({ message: 'Account SID is required' })
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'Account SID starts with AC followed by 32 hex characters'),
  authToken: z.string({ message: 'Auth token is required' }).trim().min(1, 'Auth token is required'),
  fromNumber: z
    .string({ message: 'From number is required' })
    .trim()
    .regex(/^\+[1-9]\d{6,14}$/, 'From number must be in E.164 form, e.g. +14155550100'),
  baseUrl: httpUrl('Base URL').optional(),
  rateLimitPerSecond,
});

export const hubspotConnection = z.object({
  accessToken: z.string({ message: 'Access token is required' }).trim().min(1, 'Access token is required'),
  baseUrl: httpUrl('Base URL').optional(),
  rateLimitPerSecond,
});

export const httpConnection = z.object({
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('bearer'), token: z.string().min(1, 'Token is required') }),
    z.object({ type: z.literal('basic'), username: z.string().min(1, 'Username is required'), password: z.string() }),
    z.object({
      type: z.literal('header'),
      name: z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Header name may only contain letters, digits and - _ .'),
      value: z.string().min(1, 'Header value is required'),
    }),
  ]),
  rateLimitPerSecond,
});

/**
 * An OAuth2 connection's visible settings, written by the callback
 * (lib/oauth2/complete-authorization.ts), never by a form: its tokens are the
 * secret, and it is made with "Connect", not with settings.
 */
export const oauthConnection = z.object({
  provider: z.string(),
  scope: z.string().optional(),
  instanceUrl: z.string().optional(),
  connectedAt: z.string().optional(),
});

const perOAuthType = <T>(value: (t: OAuthConnectionType) => T) =>
  Object.fromEntries(oauthConnectionTypes.map((t) => [t, value(t)])) as Record<OAuthConnectionType, T>;

export const connectionSchemas = {
  smtp: smtpConnection,
  slack: slackConnection,
  twilio: twilioConnection,
  hubspot: hubspotConnection,
  http: httpConnection,
  ...perOAuthType(() => oauthConnection),
} satisfies Record<ConnectionType, z.ZodType>;

export const connectionTypes = Object.keys(connectionSchemas) as ConnectionType[];

/** Field names (at any depth) stored encrypted, per type. */
export const secretKeys: Record<ConnectionType, string[]> = {
  smtp: ['pass'],
  slack: ['webhookUrl'],
  twilio: ['authToken'],
  hubspot: ['accessToken'],
  http: ['token', 'password', 'value'],
  ...perOAuthType(() => ['accessToken', 'refreshToken']),
};

export const connectionLabels: Record<ConnectionType, string> = {
  smtp: 'Email (SMTP)',
  slack: 'Slack',
  twilio: 'Twilio',
  hubspot: 'HubSpot',
  http: 'HTTP API',
  ...perOAuthType((t) => providerForType(t)!.label),
};

export const MASK = '••••••••';
