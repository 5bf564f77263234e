import { z } from 'zod';
import { defineStep } from '../define';
import { captchaSchema, honeypotSchema } from './form-guard-schema';

const signature = z.discriminatedUnion('scheme', [
  z.object({
    scheme: z.literal('standard-webhooks'),
    secret: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, 'must look like whsec_<base64>'),
  }),
  z.object({
    scheme: z.literal('hmac'),
    secret: z.string().min(1, 'Secret is required'),
    header: z.string().min(1, 'Header name is required'),
    algorithm: z.enum(['sha256', 'sha1']).default('sha256'),
    encoding: z.enum(['hex', 'base64']).default('hex'),
    prefix: z.string().optional(),
  }),
  z.object({
    scheme: z.literal('shared-secret'),
    secret: z.string().min(1, 'Secret is required'),
    header: z.string().min(1, 'Header name is required'),
  }),
  // The vendors' own schemes (DESIGN.md "Sources"; lib/ingest/vendor-signatures.ts).
  z.object({ scheme: z.literal('typeform'), secret: z.string().min(1, 'Secret is required') }),
  z.object({ scheme: z.literal('tally'), secret: z.string().min(1, 'Secret is required') }),
  z.object({ scheme: z.literal('stripe'), secret: z.string().min(1, 'Signing secret is required') }),
  z.object({ scheme: z.literal('slack'), secret: z.string().min(1, 'Signing secret is required') }),
  z.object({ scheme: z.literal('webflow'), secret: z.string().min(1, 'Webhook secret is required') }),
]);

/** Where events come from (DESIGN.md "Sources"); each id but `generic` is a defineSource in lib/integrations/sources/. */
export const SOURCE_IDS = [
  'generic',
  'typeform',
  'tally',
  'jotform',
  'google-forms',
  'webflow',
  'stripe',
  'shopify',
  'github',
] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

export const backupCheckSchema = z.object({
  url: z.url({ message: 'must be a full URL (https://...)' }),
  connection: z.string().uuid().optional(),
  itemsPath: z.string().default('').meta({ label: 'Items path' }),
  idPath: z.string().min(1, 'Which field is the item id?').meta({ label: 'Item ID path' }),
  sinceParam: z.string().optional().meta({ label: '“Since” query parameter' }),
  /** How the "since" value is written: ISO 8601 time, or Unix seconds / milliseconds. */
  sinceFormat: z.enum(['iso', 'unix', 'unix-ms']).default('iso').meta({ label: '“Since” format' }),
  /** Where the next page is in a response: a URL, or a cursor when cursorParam is set. Empty: one page. */
  nextPath: z.string().optional().meta({ label: 'Next page: field in the response (URL or cursor)' }),
  /** Query parameter that takes the cursor found at nextPath. */
  cursorParam: z.string().optional().meta({ label: 'Cursor query parameter' }),
  /** The id in a webhook's body, when it sits elsewhere than idPath in a listed item. */
  webhookIdPath: z.string().optional().meta({ label: 'Item ID path in the webhook body (if different)' }),
  /** New items taken per poll; the rest follow in the next poll. */
  maxItemsPerPoll: z.number().int().min(1).max(10_000).default(500).meta({ label: 'Most new items per check' }),
  intervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  enabled: z.boolean().default(true),
});

/** Headers a custom answer may not set: the server owns framing, and cookies on the app's origin are not the flow's to set. */
export const FORBIDDEN_RESPONSE_HEADERS = [
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'set-cookie',
  'content-type',
  'content-security-policy',
  'x-content-type-options',
] as const;

/** A header value: no CR, LF or other control characters (a template's output is checked again when answering). */
const headerText = z
  .string()
  .max(4096, 'at most 4096 characters')
  .refine((v) => !/[\x00-\x08\x0a-\x1f\x7f]/.test(v), 'no line breaks or control characters');

/**
 * The answer to an accepted or held event, instead of the 202 JSON (lib/ingest/hook-response.ts).
 * `body` and header values are Liquid over `trigger` only; their syntax is checked at save (lib/flows/response-issues.ts).
 */
export const webhookResponseSchema = z.object({
  status: z
    .number()
    .int('must be a whole number')
    .min(200, 'must be 200–299')
    .max(299, 'must be 200–299')
    .default(200)
    .meta({ label: 'Status (200–299)' }),
  contentType: headerText.optional().meta({ label: 'Content type (default text/plain)' }),
  body: z.string().max(65_536, 'at most 65,536 characters').optional(),
  headers: z
    .record(
      z
        .string()
        .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'must be a header name (letters, digits and - only)')
        .refine((n) => !(FORBIDDEN_RESPONSE_HEADERS as readonly string[]).includes(n.toLowerCase()), {
          message:
            'cannot be set by a flow (framing, cookie and security headers are the server’s; set Content-Type with contentType)',
        }),
      headerText,
    )
    .refine((h) => Object.keys(h).length <= 20, 'at most 20 headers')
    .optional(),
});

export type WebhookResponseConfig = z.infer<typeof webhookResponseSchema>;

/** HTTP methods a webhook may arrive with; GET carries its data in the query string. */
export const WEBHOOK_METHODS = ['POST', 'PUT', 'PATCH', 'GET'] as const;
export const DEFAULT_WEBHOOK_METHODS: readonly WebhookMethod[] = ['POST', 'PUT', 'PATCH'];
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

export const webhookTriggerConfig = z.object({
  /** The sender preset: its fields (`trigger.fields`) and its own submission id as the dedupe key. */
  source: z
    .enum(SOURCE_IDS, { message: `must be one of ${SOURCE_IDS.join(', ')}` })
    .optional()
    .meta({ label: 'Sender' }),
  /** Stored normalised (ASCII, `URL.href`; lib/flows/graph.ts), so it can always be sent as a Location header. */
  redirectUrl: z
    .url({ protocol: /^https?$/, message: 'must be a full URL (https://...)' })
    .optional()
    .meta({ label: 'Redirect after form post' }),
  signature: signature.optional(),
  /**
   * Methods that create events. GET is off by default: a browser or a chat app's link preview opening the
   * URL would otherwise create an event (and a failed run); they get an explanatory page instead (lib/ingest/hook-pages.ts).
   */
  methods: z
    .array(z.enum(WEBHOOK_METHODS, { message: 'must be GET, POST, PUT or PATCH' }))
    .min(1, 'Choose at least one method')
    .refine((m) => new Set(m).size === m.length, 'Each method only once')
    .default([...DEFAULT_WEBHOOK_METHODS])
    .meta({
      label: 'Methods that create events',
      hint: 'GET is off by default, so a browser or a chat app’s link preview opening the URL creates nothing. Turn it on only for a sender that sends data in the query string.',
    }),
  dedupeKeyPath: z.string().min(1).optional().meta({ label: 'Duplicate check: body field' }),
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).optional().meta({ label: 'Rate limit per minute' }),
  /** At most this many runs of the flow execute at once, across all workers; more wait their turn (lib/limits). */
  concurrency: z.number().int().min(1).max(10_000).optional().meta({ label: 'Most runs at once' }),
  backupCheck: backupCheckSchema
    .optional()
    .meta({ label: 'Backup check (polls the source for events the webhook missed)' }),
  /** A hidden form field people leave empty: a post with it filled in looks accepted, and nothing runs. */
  honeypot: honeypotSchema.optional().meta({ label: 'Honeypot: hidden form field (filled in = bot, nothing runs)' }),
  /** The form's captcha token is checked with the provider before the event is accepted. */
  captcha: captchaSchema.optional().meta({ label: 'Captcha check (Turnstile, hCaptcha or reCAPTCHA)' }),
  /** Replaces the default answer (202 JSON, or the browser form's redirect or thank-you page) for accepted and held events. */
  response: webhookResponseSchema
    .optional()
    .meta({ label: 'Custom response (instead of the 202 answer; Liquid over trigger only)' }),
  /** Flow overview warns when a live flow received no event for this many hours. UI only; ingest ignores it. */
  quietAlertHours: z
    .number()
    .int()
    .min(1, 'at least 1 hour')
    .max(24 * 30, 'at most 30 days')
    .optional()
    .meta({ label: 'Warn when no events for (hours)' }),
});

export type WebhookTriggerConfig = z.infer<typeof webhookTriggerConfig>;

export const webhookTrigger = defineStep({
  type: 'trigger.webhook',
  label: 'Webhook',
  description: 'Starts the flow when an app sends data to this flow’s URL.',
  category: 'trigger',
  schema: webhookTriggerConfig,
  // The backup check's `connection` (an http connection whose auth each poll sends).
  connection: 'http',
  idBase: 'trigger',
});
