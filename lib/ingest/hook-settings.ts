import { createHash } from 'node:crypto';
import type { SourceDefinition } from '../integrations/define';
import { sourceOf } from '../integrations/webhook/sources';
import { DEFAULT_WEBHOOK_METHODS, webhookTriggerConfig, type WebhookMethod } from '../integrations/webhook/trigger';
import type { FormGuard } from './form-guard';
import { responseSettings, type ResponseSettings } from './hook-response';
import type { SignatureConfig } from './verify-signature';

// What the ingest path needs from a trigger's config, read field by field so a
// half-edited draft (test events) still gets whatever parts are valid. A
// signature block that is present but invalid refuses every request: an
// unverifiable sender check must not silently turn into no check.

export type HookSettings = {
  signature: SignatureConfig | null;
  signatureBroken: boolean;
  redirectUrl: string | null;
  /** The methods that create events (GET only when the trigger lists it). */
  methods: readonly WebhookMethod[];
  dedupeKeyPath: string | null;
  rateLimitPerMinute: number | null;
  /** Where a webhook body names its item, when the flow has an enabled backup check. */
  backupCheckIdPath: string | null;
  /** Honeypot and captcha (form-guard.ts); null when the trigger has neither. */
  formGuard: FormGuard | null;
  /** The trigger's custom answer for accepted and held events (hook-response.ts); null: the default answer. */
  response: ResponseSettings | null;
  /** The sender preset (DESIGN.md "Sources"): where its own submission id is. */
  source: SourceDefinition | null;
};

const shape = webhookTriggerConfig.shape;

// Read once per trigger config object: the ingest path's flow cache hands the
// same object to every request, so a cached flow's settings cost a lookup.
const settingsOf = new WeakMap<object, HookSettings>();

export function hookSettings(config: Record<string, unknown> | null): HookSettings {
  if (!config) return readSettings({});
  let settings = settingsOf.get(config);
  if (!settings) settingsOf.set(config, (settings = readSettings(config)));
  return settings;
}

function readSettings(c: Record<string, unknown>): HookSettings {
  const signature = c.signature === undefined || c.signature === null ? null : shape.signature.safeParse(c.signature);
  const pick = <T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, v: unknown): T | null => {
    if (v === undefined || v === null) return null;
    const r = schema.safeParse(v);
    return r.success ? (r.data ?? null) : null;
  };
  return {
    signature: signature?.success ? (signature.data ?? null) : null,
    signatureBroken: signature ? !signature.success : false,
    redirectUrl: asciiUrl(pick<string>(shape.redirectUrl, c.redirectUrl)),
    methods: pick<WebhookMethod[]>(shape.methods, c.methods) ?? DEFAULT_WEBHOOK_METHODS,
    dedupeKeyPath: pick<string>(shape.dedupeKeyPath, c.dedupeKeyPath),
    rateLimitPerMinute: pick<number>(shape.rateLimitPerMinute, c.rateLimitPerMinute),
    backupCheckIdPath: backupCheckIdPath(c.backupCheck),
    formGuard: formGuard(c),
    response: c.response === undefined ? null : responseSettings(c.response),
    source: sourceOf(c),
  };
}

function formGuard(c: Record<string, unknown>): FormGuard | null {
  if ((c.honeypot === undefined || c.honeypot === null) && (c.captcha === undefined || c.captcha === null)) return null;
  const honeypot = shape.honeypot.safeParse(c.honeypot);
  const captcha = c.captcha === undefined || c.captcha === null ? null : shape.captcha.safeParse(c.captcha);
  return {
    honeypot: honeypot.success ? (honeypot.data ?? null) : null,
    captcha: captcha?.success ? (captcha.data ?? null) : null,
    // Like a broken signature: a captcha that cannot be checked must not turn into no check.
    captchaBroken: captcha ? !captcha.success : false,
  };
}

/** A Location header value: `URL.href` is ASCII (a flow saved before normalisation still answers). */
function asciiUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const href = new URL(value).href;
    return /^[\x21-\x7e]+$/.test(href) ? href : null;
  } catch {
    return null;
  }
}

function backupCheckIdPath(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  const r = shape.backupCheck.safeParse(raw);
  return r.success && r.data?.enabled ? r.data.webhookIdPath || r.data.idPath : null;
}

// Credentials never land in the stored event; hop-by-hop headers mean nothing later.
const DROPPED = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);
const MAX_HEADERS = 100;
const MAX_HEADER_VALUE = 4096;

/** The request headers kept with the event (lower-case names). */
export function selectHeaders(entries: Iterable<[string, string]>, settings: HookSettings): Record<string, string> {
  const secretHeader = settings.signature?.scheme === 'shared-secret' ? settings.signature.header.toLowerCase() : null;
  const out: Record<string, string> = {};
  let n = 0;
  for (const [rawName, value] of entries) {
    const name = rawName.toLowerCase();
    if (DROPPED.has(name) || name === secretHeader || name === '__proto__') continue;
    if (++n > MAX_HEADERS) break;
    out[name] = value.length > MAX_HEADER_VALUE ? value.slice(0, MAX_HEADER_VALUE) : value;
  }
  return out;
}

/** Reads "a.b.0.c" from a parsed body, own properties only. */
export function valueAtPath(body: unknown, path: string): unknown {
  let cur: unknown = body;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const asKey = (kind: string, value: string) =>
  value.length <= 200 ? `${kind}:${value}` : `${kind}#sha256:${createHash('sha256').update(value).digest('hex')}`;

/**
 * The duplicate-detection key of a request: the value at the trigger's
 * dedupeKeyPath when it resolves (it names the business object, so it also
 * catches a sender that re-sends with a new delivery id); else the source's
 * own submission id (Typeform's token, Tally's responseId, Stripe's event id,
 * GitHub's delivery header …); else the Idempotency-Key or webhook-id header.
 * A webhook-id (or svix-id) that a passing Standard Webhooks signature covers
 * wins over the unsigned Idempotency-Key: whoever re-sends a captured delivery
 * cannot make it new by adding one. (Called only after the signature check passed.)
 */
export function dedupeKey(
  body: unknown,
  header: (name: string) => string | null | undefined,
  settings: HookSettings,
): string | null {
  const fromBody = (path: string) => {
    const v = valueAtPath(body, path);
    return (typeof v === 'string' && v !== '') || typeof v === 'number' ? String(v) : null;
  };
  if (settings.dedupeKeyPath) {
    const v = fromBody(settings.dedupeKeyPath);
    if (v !== null) return asKey('body', v);
  }
  const own = settings.source?.dedupe;
  if (own) {
    const names = own.header === undefined ? [] : [own.header].flat();
    const v = own.path ? fromBody(own.path) : (names.map((n) => header(n)).find(Boolean) ?? null);
    if (v) return asKey('source', v);
  }
  const signedId =
    settings.signature?.scheme === 'standard-webhooks' ? header('webhook-id') || header('svix-id') : null;
  const h = signedId || header('idempotency-key') || header('webhook-id') || header('svix-id');
  return h ? asKey('header', h) : null;
}
