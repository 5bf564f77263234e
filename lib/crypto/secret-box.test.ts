import { describe, expect, it } from 'vitest';
import { deriveKey } from './keyring';

process.env.APP_SECRET ??= 'unit-test-secret-0123456789-0123456789';
// A rotated-out secret: what it sealed must still open.
process.env.APP_SECRET_PREVIOUS = 'former-secret-0123456789-0123456789';
const { open, seal, DecryptError } = await import('./secret-box');

describe('secret box (AES-256-GCM under an HKDF key from APP_SECRET)', () => {
  it('round-trips and never contains the plaintext', () => {
    const sealed = seal({ token: 'sk_live_abc' }, 'ws-1');
    expect(sealed.ciphertext).not.toContain('sk_live_abc');
    expect(open(sealed.ciphertext, sealed.keyId, 'ws-1')).toEqual({ token: 'sk_live_abc' });
  });

  it('uses a fresh IV each time', () => {
    expect(seal('x', 'ws').ciphertext).not.toBe(seal('x', 'ws').ciphertext);
  });

  it('refuses another workspace’s context, tampering, and unknown key ids', () => {
    const sealed = seal({ token: 't' }, 'ws-1');
    expect(() => open(sealed.ciphertext, sealed.keyId, 'ws-2')).toThrow(DecryptError);
    const parts = sealed.ciphertext.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => open(parts.join('.'), sealed.keyId, 'ws-1')).toThrow(DecryptError);
    expect(() => open(sealed.ciphertext, 'ffffffffffffffff', 'ws-1')).toThrow(/encryption key/);
  });

  it('derives a stable key id per secret, different for different secrets', () => {
    expect(deriveKey('a'.repeat(32)).id).toBe(deriveKey('a'.repeat(32)).id);
    expect(deriveKey('a'.repeat(32)).id).not.toBe(deriveKey('b'.repeat(32)).id);
  });

  it('after rotation, what the former APP_SECRET sealed still opens (APP_SECRET_PREVIOUS); unknown keys do not', () => {
    const old = deriveKey('former-secret-0123456789-0123456789');
    const sealed = seal({ v: 1 }, 'ws', old);
    expect(sealed.keyId).toBe(old.id);
    expect(open(sealed.ciphertext, sealed.keyId, 'ws')).toEqual({ v: 1 });
    const stranger = deriveKey('never-configured-0123456789-0123456789');
    const lost = seal({ v: 2 }, 'ws', stranger);
    expect(() => open(lost.ciphertext, lost.keyId, 'ws')).toThrow(/encryption key/);
  });
});
