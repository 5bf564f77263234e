import { createHmac } from 'node:crypto';
import { readHeader, sameBytes, VENDOR_TOLERANCE_SECONDS, type HeaderGetter, type Verdict } from './vendor-signatures';

// Webflow (developers.webflow.com, "Working with webhooks" → "Validating request
// signatures"): `x-webflow-signature` is the hex HMAC-SHA256 of
// `<x-webflow-timestamp>:<body>`, keyed with the webhook's own secret (the
// `secretKey` the API returns for a webhook made with a site token) or the OAuth
// app's client secret. The timestamp is Unix time in milliseconds, and Webflow
// asks for requests older than 5 minutes to be refused; we also refuse ones more
// than 5 minutes ahead of our clock, as for Stripe and Slack. Webhooks added in
// the site settings are not signed at all, so this check is only set when a
// secret is known.

const ok: Verdict = { ok: true };
const refuse = (reason: string): Verdict => ({ ok: false, reason });
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

export function verifyWebflow(secret: string, raw: Buffer, header: HeaderGetter, nowMs: number): Verdict {
  const sig = readHeader(header, 'X-Webflow-Signature');
  if ('error' in sig) return sig.error;
  const ts = readHeader(header, 'X-Webflow-Timestamp');
  if ('error' in ts) return ts.error;
  if (!/^\d{1,15}$/.test(ts.value))
    return refuse('Signature refused: X-Webflow-Timestamp is not a number of milliseconds.');
  if (Math.abs(nowMs - Number(ts.value)) > VENDOR_TOLERANCE_SECONDS * 1000) {
    return refuse(
      'Signature refused: the X-Webflow-Timestamp timestamp is more than 5 minutes away from our clock (replayed or delayed request).',
    );
  }
  if (!HEX_SHA256.test(sig.value)) return refuse('Signature refused: X-Webflow-Signature is not a hex SHA-256 HMAC.');
  const expected = createHmac('sha256', secret).update(`${ts.value}:`).update(raw).digest();
  if (!sameBytes(expected, Buffer.from(sig.value, 'hex')))
    return refuse('Signature refused: X-Webflow-Signature does not match the body.');
  return ok;
}
