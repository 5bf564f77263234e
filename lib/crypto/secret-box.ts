import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { currentKey, keyById, type Key } from './keyring';

// AES-256-GCM for connection secrets. `context` (the workspace id) is bound as
// additional data, so a ciphertext copied into another workspace's row fails.
// Format: v1.<iv>.<tag>.<ciphertext>, base64url.

export class DecryptError extends Error {}

export function seal(value: unknown, context: string, key: Key = currentKey()): { ciphertext: string; keyId: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(context));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ct].map((b) => b.toString('base64url'));
  return { ciphertext: `v1.${parts.join('.')}`, keyId: key.id };
}

export function open(ciphertext: string, keyId: string, context: string): unknown {
  const key = keyById(keyId);
  if (!key)
    throw new DecryptError(
      'This connection was saved under an encryption key this server does not have (APP_SECRET changed?)',
    );
  const [version, iv, tag, ct] = ciphertext.split('.');
  if (version !== 'v1' || !iv || !tag || ct === undefined) throw new DecryptError('Unreadable connection secret');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  } catch {
    throw new DecryptError('The connection secret could not be decrypted (wrong key or tampered data)');
  }
}
