import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookTriggerConfig } from '../integrations/webhook/trigger';
import { verifySlack, verifyStripe, verifyTally, verifyTypeform } from './vendor-signatures';
import { verifyWebflow } from './webflow-signature';

// The optional per-flow check of the sender, on the raw request bytes:
// Standard Webhooks (standardwebhooks.com), a generic HMAC of the body (as
// GitHub, Shopify and Typeform send it), or a shared secret in a header.
// Every comparison is constant-time on decoded bytes.

export type SignatureConfig = NonNullable<WebhookTriggerConfig['signature']>;
export type HeaderGetter = (name: string) => string | null | undefined;
export type Verdict = { ok: true } | { ok: false; reason: string };

/** Standard Webhooks' tolerance for the sender's clock. */
export const TOLERANCE_SECONDS = 5 * 60;

const ok: Verdict = { ok: true };
const refuse = (reason: string): Verdict => ({ ok: false, reason });

export function verifySignature(
  config: SignatureConfig,
  raw: Buffer,
  header: HeaderGetter,
  nowMs = Date.now(),
): Verdict {
  switch (config.scheme) {
    case 'standard-webhooks':
      return verifyStandardWebhooks(config.secret, raw, header, nowMs);
    case 'hmac':
      return verifyHmac(config, raw, header);
    case 'shared-secret':
      return verifySharedSecret(config, header);
    case 'typeform':
      return verifyTypeform(config.secret, raw, header);
    case 'tally':
      return verifyTally(config.secret, raw, header);
    case 'stripe':
      return verifyStripe(config.secret, raw, header, nowMs);
    case 'slack':
      return verifySlack(config.secret, raw, header, nowMs);
    case 'webflow':
      return verifyWebflow(config.secret, raw, header, nowMs);
  }
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function verifyStandardWebhooks(secret: string, raw: Buffer, header: HeaderGetter, nowMs: number): Verdict {
  const { id, timestamp, signatures } = standardHeaders(header);
  if (!id || !timestamp || !signatures) {
    return refuse(
      'Signature missing: webhook-id, webhook-timestamp and webhook-signature headers (or svix-id, svix-timestamp and svix-signature) are required.',
    );
  }
  if (signatures.length > 8192 || id.length > 256)
    return refuse('Signature refused: the signature headers are too long.');
  if (!/^\d{1,12}$/.test(timestamp)) return refuse('Signature refused: webhook-timestamp is not a number of seconds.');
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
    return refuse(
      'Signature refused: webhook-timestamp is more than 5 minutes away from our clock (replayed or delayed request).',
    );
  }
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(raw).digest();
  // Several space-separated "v1,<base64>" entries let a sender rotate secrets.
  for (const entry of signatures.split(' ', 32)) {
    const [version, value] = entry.split(',', 2);
    if (version === 'v1' && value && sameBytes(expected, Buffer.from(value, 'base64'))) return ok;
  }
  return refuse('Signature refused: no webhook-signature entry matches the body.');
}

/**
 * The three Standard Webhooks headers, under their own names or Svix's
 * (`svix-id`, `svix-timestamp`, `svix-signature`: Clerk, Resend and other
 * Svix-powered senders). One set is taken whole, never mixed.
 */
export function standardHeaders(header: HeaderGetter) {
  const id = header('webhook-id');
  if (id || header('webhook-signature')) {
    return { id, timestamp: header('webhook-timestamp'), signatures: header('webhook-signature'), svix: false };
  }
  return {
    id: header('svix-id'),
    timestamp: header('svix-timestamp'),
    signatures: header('svix-signature'),
    svix: true,
  };
}

function verifyHmac(config: Extract<SignatureConfig, { scheme: 'hmac' }>, raw: Buffer, header: HeaderGetter): Verdict {
  const sent = header(config.header.toLowerCase())?.trim();
  if (!sent) return refuse(`Signature missing: the ${config.header} header is required.`);
  let value = sent;
  if (config.prefix) {
    if (!value.toLowerCase().startsWith(config.prefix.toLowerCase())) {
      return refuse(`Signature refused: the ${config.header} header does not start with "${config.prefix}".`);
    }
    value = value.slice(config.prefix.length);
  }
  const encoding = config.encoding ?? 'hex';
  if (encoding === 'hex' && !/^(?:[0-9a-fA-F]{2})+$/.test(value)) {
    return refuse(`Signature refused: the ${config.header} header is not hex.`);
  }
  const expected = createHmac(config.algorithm ?? 'sha256', config.secret)
    .update(raw)
    .digest();
  if (!sameBytes(expected, Buffer.from(value, encoding))) {
    return refuse(`Signature refused: the ${config.header} header does not match the body.`);
  }
  return ok;
}

function verifySharedSecret(
  config: Extract<SignatureConfig, { scheme: 'shared-secret' }>,
  header: HeaderGetter,
): Verdict {
  const sent = header(config.header.toLowerCase());
  if (!sent) return refuse(`Secret missing: the ${config.header} header is required.`);
  // Hashing both sides gives equal lengths, so the compare leaks nothing.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  if (!sameBytes(digest(config.secret), digest(sent)))
    return refuse(`Secret refused: the ${config.header} header is wrong.`);
  return ok;
}
