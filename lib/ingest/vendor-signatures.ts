import { createHmac, timingSafeEqual } from 'node:crypto';

// The senders' own signature schemes (DESIGN.md "Sources"), on the raw
// request bytes. Header values are untrusted: each is length-checked before it
// is split, at most MAX_ENTRIES parts are looked at, timestamps are digits
// only and within the tolerance, and every comparison is constant-time on
// decoded bytes of equal length.

export type HeaderGetter = (name: string) => string | null | undefined;
export type Verdict = { ok: true } | { ok: false; reason: string };

/** Stripe's and Slack's tolerance for the sender's clock (as Standard Webhooks'). */
export const VENDOR_TOLERANCE_SECONDS = 5 * 60;
/** Longest signature header read; a real one is well under 1 KiB even with several signatures. */
export const MAX_SIGNATURE_HEADER = 4096;
/** Most comma-separated entries of a Stripe-Signature header looked at. */
export const MAX_ENTRIES = 16;

const ok: Verdict = { ok: true };
const refuse = (reason: string): Verdict => ({ ok: false, reason });
export const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
const hmac = (secret: string, ...parts: (string | Buffer)[]) => {
  const h = createHmac('sha256', secret);
  for (const p of parts) h.update(p);
  return h.digest();
};
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

export function readHeader(header: HeaderGetter, name: string): { value: string } | { error: Verdict } {
  const value = header(name.toLowerCase())?.trim();
  if (!value) return { error: refuse(`Signature missing: the ${name} header is required.`) };
  if (value.length > MAX_SIGNATURE_HEADER)
    return { error: refuse(`Signature refused: the ${name} header is too long.`) };
  return { value };
}

function timestampOk(ts: string, nowMs: number, name: string): Verdict {
  if (!/^\d{1,12}$/.test(ts)) return refuse(`Signature refused: the ${name} timestamp is not a number of seconds.`);
  if (Math.abs(nowMs / 1000 - Number(ts)) > VENDOR_TOLERANCE_SECONDS) {
    return refuse(
      `Signature refused: the ${name} timestamp is more than 5 minutes away from our clock (replayed or delayed request).`,
    );
  }
  return ok;
}

/** Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the body>`. */
export function verifyTypeform(secret: string, raw: Buffer, header: HeaderGetter): Verdict {
  const h = readHeader(header, 'Typeform-Signature');
  if ('error' in h) return h.error;
  if (!h.value.startsWith('sha256='))
    return refuse('Signature refused: Typeform-Signature does not start with "sha256=".');
  const sent = h.value.slice('sha256='.length);
  if (!BASE64.test(sent)) return refuse('Signature refused: Typeform-Signature is not base64.');
  if (!sameBytes(hmac(secret, raw), Buffer.from(sent, 'base64')))
    return refuse('Signature refused: Typeform-Signature does not match the body.');
  return ok;
}

/** Tally: `Tally-Signature: <base64 HMAC-SHA256 of the body>`. */
export function verifyTally(secret: string, raw: Buffer, header: HeaderGetter): Verdict {
  const h = readHeader(header, 'Tally-Signature');
  if ('error' in h) return h.error;
  if (!BASE64.test(h.value)) return refuse('Signature refused: Tally-Signature is not base64.');
  if (!sameBytes(hmac(secret, raw), Buffer.from(h.value, 'base64')))
    return refuse('Signature refused: Tally-Signature does not match the body.');
  return ok;
}

/** The `t=` and every `v1=` of a Stripe-Signature header; null when it has no usable timestamp. */
export function parseStripeSignature(value: string): { t: string; v1: string[] } | null {
  if (value.length > MAX_SIGNATURE_HEADER) return null;
  let t: string | null = null;
  const v1: string[] = [];
  const parts = value.split(',', MAX_ENTRIES);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const val = part.slice(eq + 1).trim();
    if (key === 't' && t === null) t = val;
    else if (key === 'v1' && HEX.test(val)) v1.push(val);
  }
  return t === null ? null : { t, v1 };
}

/** Stripe: `Stripe-Signature: t=<ts>,v1=<hex HMAC-SHA256 of "ts.body">` (several v1 for secret rotation). */
export function verifyStripe(secret: string, raw: Buffer, header: HeaderGetter, nowMs: number): Verdict {
  const h = readHeader(header, 'Stripe-Signature');
  if ('error' in h) return h.error;
  const parsed = parseStripeSignature(h.value);
  if (!parsed) return refuse('Signature refused: Stripe-Signature has no t= timestamp.');
  const time = timestampOk(parsed.t, nowMs, 'Stripe-Signature');
  if (!time.ok) return time;
  if (!parsed.v1.length) return refuse('Signature refused: Stripe-Signature has no v1= signature.');
  const expected = hmac(secret, `${parsed.t}.`, raw);
  // Every entry is compared, so the time taken does not say which one matched.
  let match = false;
  for (const v of parsed.v1) match = sameBytes(expected, Buffer.from(v, 'hex')) || match;
  return match ? ok : refuse('Signature refused: no v1 signature of Stripe-Signature matches the body.');
}

/** Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:ts:body">`, with `X-Slack-Request-Timestamp`. */
export function verifySlack(secret: string, raw: Buffer, header: HeaderGetter, nowMs: number): Verdict {
  const h = readHeader(header, 'X-Slack-Signature');
  if ('error' in h) return h.error;
  const ts = readHeader(header, 'X-Slack-Request-Timestamp');
  if ('error' in ts) return ts.error;
  const time = timestampOk(ts.value, nowMs, 'X-Slack-Request-Timestamp');
  if (!time.ok) return time;
  if (!h.value.startsWith('v0=')) return refuse('Signature refused: X-Slack-Signature does not start with "v0=".');
  const sent = h.value.slice(3);
  if (!HEX.test(sent)) return refuse('Signature refused: X-Slack-Signature is not hex.');
  if (!sameBytes(hmac(secret, `v0:${ts.value}:`, raw), Buffer.from(sent, 'hex')))
    return refuse('Signature refused: X-Slack-Signature does not match the body.');
  return ok;
}
