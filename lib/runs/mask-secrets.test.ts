import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, maskStepInput } from './mask-secrets';

describe('maskStepInput', () => {
  it('masks inline auth secrets, secret headers and query parameters, and URL passwords', () => {
    const input = {
      url: 'https://user:hunter2@api.example.test/x?y=1',
      headers: { 'X-Api-Key': 'k', Authorization: 'Bearer t', 'Content-Type': 'application/json' },
      query: { access_token: 'q', page: '2' },
      auth: { type: 'basic', username: 'me', password: 'pw' },
      body: { email: 'a@b.c' },
    };
    expect(maskStepInput(input)).toEqual({
      url: 'https://user:redacted@api.example.test/x?y=1',
      headers: { 'X-Api-Key': MASK, Authorization: MASK, 'Content-Type': 'application/json' },
      query: { access_token: MASK, page: '2' },
      auth: { type: 'basic', username: 'me', password: MASK },
      body: { email: 'a@b.c' },
    });
    expect(input.auth.password).toBe('pw');
  });

  it('never returns a typed secret, whatever the auth type and header name', () => {
    const secret = fc.string({ minLength: 8 }).map((s) => `S3cr3t-${s}`);
    fc.assert(
      fc.property(
        secret,
        fc.constantFrom('bearer', 'basic', 'header'),
        fc.constantFrom('Authorization', 'X-Api-Key', 'api_key', 'X-Auth-Token', 'Private-Token', 'X-Webhook-Secret'),
        (s, type, header) => {
          const auth =
            type === 'bearer'
              ? { type, token: s }
              : type === 'basic'
                ? { type, username: 'u', password: s }
                : { type, name: 'X-Any', value: s };
          const out = JSON.stringify(maskStepInput({ url: 'https://a.test/', auth, headers: { [header]: s } }));
          return !out.includes(s);
        },
      ),
    );
  });

  it('leaves inputs without secrets as they are', () => {
    const input = { to: 'a@b.c', subject: 'Hi', headers: { 'X-Trace': '1' } };
    expect(maskStepInput(input)).toBe(input);
    expect(maskStepInput(null)).toBeNull();
  });
});
