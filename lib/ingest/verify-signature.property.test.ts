import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifySignature, type SignatureConfig } from './verify-signature';

// The sender check on arbitrary input: a request signed as the scheme says
// verifies; changing the body, the signed id or time, the secret or the
// signature's bytes makes it fail; and no header value makes it throw.

const NOW = 1_780_000_000_000;
const nowSeconds = Math.floor(NOW / 1000);

const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));
const keyBytes = fc.uint8Array({ minLength: 16, maxLength: 64 }).map((b) => Buffer.from(b));
/** Header values as senders (or attackers) write them: printable, with the odd comma, space and "v1,". */
const headerValue = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
  fc
    .array(fc.constantFrom('v1,', 'v2,', ' ', ',', '=', 'sha256=', 'AA', 'zz'), { maxLength: 6 })
    .map((p) => p.join('')),
);
const from = (h: Record<string, string | undefined>) => (name: string) => h[name.toLowerCase()];

/** One byte of `buf` changed (xor with a non-zero value), or a byte appended when empty. */
const mutate = (buf: Buffer, at: number, xor: number) => {
  if (buf.length === 0) return Buffer.from([xor]);
  const out = Buffer.from(buf);
  out[at % out.length] = out[at % out.length]! ^ xor;
  return out;
};

const swSign = (key: Buffer, id: string, ts: number, raw: Buffer) =>
  createHmac('sha256', key).update(`${id}.${ts}.`).update(raw).digest();

describe('Standard Webhooks, any input', () => {
  const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
  const ts = fc.integer({ min: nowSeconds - 299, max: nowSeconds + 299 });

  it('a valid signature verifies, also beside other entries (rotation)', () => {
    fc.assert(
      fc.property(keyBytes, id, ts, bytes, fc.array(headerValue, { maxLength: 2 }), (key, msgId, t, raw, noise) => {
        const config: SignatureConfig = { scheme: 'standard-webhooks', secret: `whsec_${key.toString('base64')}` };
        const good = `v1,${swSign(key, msgId, t, raw).toString('base64')}`;
        const sig = [...noise.map((n) => n.replace(/\s/g, '')).filter(Boolean), good].join(' ');
        expect(
          verifySignature(
            config,
            raw,
            from({ 'webhook-id': msgId, 'webhook-timestamp': String(t), 'webhook-signature': sig }),
            NOW,
          ),
        ).toEqual({ ok: true });
      }),
      { numRuns: 500 },
    );
  });

  it('changing the body, id, timestamp, key or signature bytes fails', () => {
    fc.assert(
      fc.property(
        keyBytes,
        id,
        ts,
        bytes,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom('body', 'id', 'timestamp', 'key', 'signature'),
        (key, msgId, t, raw, at, xor, what) => {
          const config: SignatureConfig = { scheme: 'standard-webhooks', secret: `whsec_${key.toString('base64')}` };
          const signingKey = what === 'key' ? mutate(key, at, xor) : key;
          let digest = swSign(signingKey, msgId, t, raw);
          if (what === 'signature') digest = mutate(digest, at, xor);
          const sentBody = what === 'body' ? mutate(raw, at, xor) : raw;
          const sentId = what === 'id' ? `${msgId}x` : msgId;
          const sentTs = what === 'timestamp' ? t + 1 + (at % 100) : t;
          const verdict = verifySignature(
            config,
            sentBody,
            from({
              'webhook-id': sentId,
              'webhook-timestamp': String(sentTs),
              'webhook-signature': `v1,${digest.toString('base64')}`,
            }),
            NOW,
          );
          expect(verdict.ok).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary headers', () => {
    fc.assert(
      fc.property(
        keyBytes,
        bytes,
        fc.option(headerValue),
        fc.option(fc.oneof(headerValue, fc.integer().map(String))),
        fc.option(headerValue),
        (key, raw, msgId, t, sig) => {
          const config: SignatureConfig = { scheme: 'standard-webhooks', secret: `whsec_${key.toString('base64')}` };
          const headers = {
            'webhook-id': msgId ?? undefined,
            'webhook-timestamp': t ?? undefined,
            'webhook-signature': sig ?? undefined,
          };
          const verdict = verifySignature(config, raw, from(headers), NOW);
          expect(typeof verdict.ok).toBe('boolean');
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('generic HMAC and shared secret, any input', () => {
  const hmacConfig = fc.record({
    scheme: fc.constant('hmac' as const),
    secret: fc.string({ minLength: 1, maxLength: 40 }),
    header: fc.constantFrom('X-Signature', 'X-Hub-Signature-256', 'X-Shopify-Hmac-Sha256'),
    algorithm: fc.constantFrom('sha256' as const, 'sha1' as const),
    encoding: fc.constantFrom('hex' as const, 'base64' as const),
    prefix: fc.option(fc.constantFrom('sha256=', 'sha1=', 'v0='), { nil: undefined }),
  });

  it('a valid HMAC verifies; a changed body or digest fails', () => {
    fc.assert(
      fc.property(
        hmacConfig,
        bytes,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.boolean(),
        (config, raw, at, xor, tamperBody) => {
          const digest = createHmac(config.algorithm, config.secret).update(raw).digest();
          const send = (d: Buffer) =>
            from({ [config.header.toLowerCase()]: `${config.prefix ?? ''}${d.toString(config.encoding)}` });
          expect(verifySignature(config, raw, send(digest))).toEqual({ ok: true });
          const verdict = tamperBody
            ? verifySignature(config, mutate(raw, at, xor), send(digest))
            : verifySignature(config, raw, send(mutate(digest, at, xor)));
          expect(verdict.ok).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary headers or secrets', () => {
    fc.assert(
      fc.property(hmacConfig, bytes, fc.option(fc.string({ maxLength: 200 })), (config, raw, sent) => {
        const verdict = verifySignature(config, raw, from({ [config.header.toLowerCase()]: sent ?? undefined }));
        expect(typeof verdict.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('a shared secret passes only when it is the same string', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.option(fc.string({ maxLength: 60 })),
        (secret, sent) => {
          const config: SignatureConfig = { scheme: 'shared-secret', secret, header: 'X-Key' };
          const verdict = verifySignature(config, Buffer.alloc(0), from({ 'x-key': sent ?? undefined }));
          expect(verdict.ok).toBe(
            !!sent && createHash('sha256').update(sent).digest().equals(createHash('sha256').update(secret).digest()),
          );
          expect(verifySignature(config, Buffer.alloc(0), from({ 'x-key': secret })).ok).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
