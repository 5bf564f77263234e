import { createHash, randomBytes } from 'node:crypto';

// PKCE (RFC 7636, S256) and the state value. The state is stored only as its
// hash, so a database read does not reveal a usable state.

export const randomUrlToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export const codeChallenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export const stateId = (state: string) => createHash('sha256').update(`oauth-state:${state}`).digest('hex');
