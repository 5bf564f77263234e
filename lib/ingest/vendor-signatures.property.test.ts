import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifySignature, type SignatureConfig } from './verify-signature';
import { MAX_ENTRIES, MAX_SIGNATURE_HEADER, parseStripeSignature } from './vendor-signatures';

// The vendors' schemes on arbitrary input: no header value (of any length or
// shape) makes a check throw; the Stripe header parser is bounded; a request
// signed as the vendor documents verifies and any changed byte of the body fails.

const NOW = 1_780_000_000_000;
const ts = Math.floor(NOW / 1000);
const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));
const secretArb = fc.string({ minLength: 1, maxLength: 40 });
const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.stringMatching(/^[\x21-\x7e]{0,80}$/),
  fc
    .array(fc.constantFrom('t=', 'v1=', 'v0=', ',', '=', 'sha256=', 'ab', 'ZZ', String(ts), ' '), { maxLength: 30 })
    .map((p) => p.join('')),
  fc.nat({ max: 3 }).map((n) => 'v1=aa,'.repeat(2000 * (n + 1))),
);
const schemes: SignatureConfig['scheme'][] = ['typeform', 'tally', 'stripe', 'slack', 'webflow'];

describe('vendor signature checks, any header', () => {
  it('never throw and never pass on junk', () => {
    fc.assert(
      fc.property(fc.constantFrom(...schemes), secretArb, bytes, hostile, hostile, (scheme, secret, raw, a, b) => {
        const h: Record<string, string> = {
          'typeform-signature': a,
          'tally-signature': a,
          'stripe-signature': a,
          'x-slack-signature': a,
          'x-slack-request-timestamp': b,
          'x-webflow-signature': a,
          'x-webflow-timestamp': b,
        };
        const verdict = verifySignature({ scheme, secret } as SignatureConfig, raw, (n) => h[n], NOW);
        expect(verdict.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('parseStripeSignature is bounded: long headers refused, at most MAX_ENTRIES entries read', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const parsed = parseStripeSignature(value);
        if (value.length > MAX_SIGNATURE_HEADER) expect(parsed).toBeNull();
        if (parsed) expect(parsed.v1.length).toBeLessThanOrEqual(MAX_ENTRIES);
      }),
      { numRuns: 1000 },
    );
  });

  const sign: Record<string, (secret: string, raw: Buffer) => Record<string, string>> = {
    typeform: (s, raw) => ({ 'typeform-signature': `sha256=${createHmac('sha256', s).update(raw).digest('base64')}` }),
    tally: (s, raw) => ({ 'tally-signature': createHmac('sha256', s).update(raw).digest('base64') }),
    stripe: (s, raw) => ({
      'stripe-signature': `t=${ts},v1=${createHmac('sha256', s).update(`${ts}.`).update(raw).digest('hex')}`,
    }),
    slack: (s, raw) => ({
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${createHmac('sha256', s).update(`v0:${ts}:`).update(raw).digest('hex')}`,
    }),
    webflow: (s, raw) => ({
      'x-webflow-timestamp': String(NOW),
      'x-webflow-signature': createHmac('sha256', s).update(`${NOW}:`).update(raw).digest('hex'),
    }),
  };

  it('a signed request verifies; one changed byte of the body fails', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...schemes),
        secretArb,
        bytes,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (scheme, secret, raw, at, xor) => {
          const h = sign[scheme]!(secret, raw);
          const get = (n: string) => h[n];
          expect(verifySignature({ scheme, secret } as SignatureConfig, raw, get, NOW)).toEqual({ ok: true });
          const changed = raw.length ? Buffer.from(raw) : Buffer.from([0]);
          if (raw.length) changed[at % raw.length] = changed[at % raw.length]! ^ xor;
          expect(verifySignature({ scheme, secret } as SignatureConfig, changed, get, NOW).ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
