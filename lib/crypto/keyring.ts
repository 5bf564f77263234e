import { createHash, hkdfSync } from 'node:crypto';
import { env, appSecret } from '../env';

// Keys for credential encryption, derived from APP_SECRET with HKDF. The key id
// is a hash of the key, stored beside each ciphertext, so after APP_SECRET is
// rotated (old value kept in APP_SECRET_PREVIOUS) old rows still decrypt and
// are re-encrypted under the current key when next saved.

export type Key = { id: string; key: Buffer };

export function deriveKey(secret: string): Key {
  const key = Buffer.from(hkdfSync('sha256', secret, 'switchboard', 'connection-secrets/v1', 32));
  const id = createHash('sha256').update('key-id:').update(key).digest('hex').slice(0, 16);
  return { id, key };
}

let cached: { secret: string; current: Key; all: Map<string, Key> } | undefined;

function ring() {
  const secret = appSecret();
  if (cached?.secret !== secret) {
    const current = deriveKey(secret);
    const previous = (env().APP_SECRET_PREVIOUS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(deriveKey);
    cached = { secret, current, all: new Map([current, ...previous].map((k) => [k.id, k])) };
  }
  return cached;
}

export const currentKey = (): Key => ring().current;

export function keyById(id: string): Key | undefined {
  return ring().all.get(id);
}
