import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySignature, type SignatureConfig } from './verify-signature';

const body = Buffer.from('{"email":"ada@example.com"}');
const headers = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()];

function standardSign(secretB64: string, id: string, ts: number, raw: Buffer) {
  return createHmac('sha256', Buffer.from(secretB64, 'base64')).update(`${id}.${ts}.`).update(raw).digest('base64');
}

describe('Standard Webhooks', () => {
  const key = randomBytes(24).toString('base64');
  const config: SignatureConfig = { scheme: 'standard-webhooks', secret: `whsec_${key}` };
  const now = Date.now();
  const ts = Math.floor(now / 1000);
  const sw = (sig: string, t = ts) =>
    headers({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(t), 'webhook-signature': sig });

  it('accepts a valid signature', () => {
    expect(verifySignature(config, body, sw(`v1,${standardSign(key, 'msg_1', ts, body)}`), now)).toEqual({ ok: true });
  });
  it('refuses a tampered body', () => {
    const sig = `v1,${standardSign(key, 'msg_1', ts, body)}`;
    expect(verifySignature(config, Buffer.from('{"email":"eve@example.com"}'), sw(sig), now).ok).toBe(false);
  });
  it('refuses a timestamp outside the 5-minute tolerance, even correctly signed', () => {
    const old = ts - 301;
    const r = verifySignature(config, body, sw(`v1,${standardSign(key, 'msg_1', old, body)}`, old), now);
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('5 minutes') });
  });
  it('accepts when any of several signatures matches (secret rotation)', () => {
    const otherKey = randomBytes(24).toString('base64');
    const sig = `v1,${standardSign(otherKey, 'msg_1', ts, body)} v1,${standardSign(key, 'msg_1', ts, body)}`;
    expect(verifySignature(config, body, sw(sig), now)).toEqual({ ok: true });
    const onlyOld = `v1,${standardSign(otherKey, 'msg_1', ts, body)}`;
    expect(verifySignature(config, body, sw(onlyOld), now).ok).toBe(false);
  });
  it('refuses missing headers', () => {
    expect(verifySignature(config, body, headers({}), now).ok).toBe(false);
  });
});

describe('generic HMAC', () => {
  const secret = 'shh-its-a-secret';
  it('accepts GitHub style sha256=<hex>', () => {
    const config: SignatureConfig = {
      scheme: 'hmac',
      secret,
      header: 'X-Hub-Signature-256',
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: 'sha256=',
    };
    const sig = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect(verifySignature(config, body, headers({ 'x-hub-signature-256': sig }))).toEqual({ ok: true });
    expect(verifySignature(config, Buffer.from('x'), headers({ 'x-hub-signature-256': sig })).ok).toBe(false);
    expect(verifySignature(config, body, headers({ 'x-hub-signature-256': sig.slice(7) })).ok).toBe(false);
  });
  it('accepts Shopify style base64 sha256 and refuses another secret', () => {
    const config: SignatureConfig = {
      scheme: 'hmac',
      secret,
      header: 'X-Shopify-Hmac-Sha256',
      algorithm: 'sha256',
      encoding: 'base64',
    };
    const good = createHmac('sha256', secret).update(body).digest('base64');
    const rotated = createHmac('sha256', 'new-secret').update(body).digest('base64');
    expect(verifySignature(config, body, headers({ 'x-shopify-hmac-sha256': good }))).toEqual({ ok: true });
    expect(verifySignature(config, body, headers({ 'x-shopify-hmac-sha256': rotated })).ok).toBe(false);
  });
  it('supports sha1', () => {
    const config: SignatureConfig = { scheme: 'hmac', secret, header: 'X-Sig', algorithm: 'sha1', encoding: 'hex' };
    const sig = createHmac('sha1', secret).update(body).digest('hex').toUpperCase();
    expect(verifySignature(config, body, headers({ 'x-sig': sig }))).toEqual({ ok: true });
  });
});

describe('shared secret', () => {
  const config: SignatureConfig = { scheme: 'shared-secret', secret: 'open-sesame', header: 'X-Token' };
  it('accepts only the exact secret', () => {
    expect(verifySignature(config, body, headers({ 'x-token': 'open-sesame' }))).toEqual({ ok: true });
    expect(verifySignature(config, body, headers({ 'x-token': 'open-sesam' })).ok).toBe(false);
    expect(verifySignature(config, body, headers({})).ok).toBe(false);
  });
});
