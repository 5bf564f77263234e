import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb } from '../helpers/processes';
import { baseUrl, createTenant, randomIp } from '../helpers/tenant';

// Session cookies and sign-in rate limiting, over real HTTP to `next start`.

function signUp(url: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, 'x-forwarded-for': randomIp(), ...headers },
    body: JSON.stringify({
      email: `cookie-${randomBytes(5).toString('hex')}@example.test`,
      password: 'cookie password',
      name: 'Cookie',
    }),
  });
}

function signIn(url: string, email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl(), ...headers },
    body: JSON.stringify({ email, password }),
  });
}

const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => /session_token=/.test(c));

describe('session cookie', () => {
  it('is httpOnly, SameSite=Lax, for the whole site, and not Secure on plain http', async () => {
    const res = await signUp(baseUrl());
    expect(res.status).toBe(200);
    const cookie = sessionCookie(res)!;
    expect(cookie).toMatch(/^switchboard\.session_token=/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });

  describe('when APP_URL is https', () => {
    let web: Awaited<ReturnType<typeof startWeb>>;
    const appUrl = 'https://switchboard.example.test';
    beforeAll(async () => {
      web = await startWeb({ APP_URL: appUrl });
    });
    afterAll(async () => {
      await web?.kill('SIGTERM');
    });

    it('is also Secure, with the __Secure- name prefix', async () => {
      const res = await fetch(`${web.url}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: appUrl, 'x-forwarded-for': randomIp() },
        body: JSON.stringify({
          email: `secure-${randomBytes(5).toString('hex')}@example.test`,
          password: 'cookie password',
          name: 'S',
        }),
      });
      expect(res.status).toBe(200);
      const cookie = sessionCookie(res)!;
      expect(cookie).toMatch(/^__Secure-switchboard\.session_token=/);
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    });
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 after 10 attempts a minute from one address, and only for that address', async () => {
    const tenant = await createTenant('ratelimit');
    const ip = randomIp();
    for (let i = 0; i < 10; i++) {
      const res = await signIn(baseUrl(), tenant.email, 'wrong password', { 'x-forwarded-for': ip });
      expect(res.status).toBe(401);
    }
    const limited = await signIn(baseUrl(), tenant.email, tenant.password, { 'x-forwarded-for': ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('x-retry-after'))).toBeGreaterThan(0);

    const elsewhere = await signIn(baseUrl(), tenant.email, tenant.password, { 'x-forwarded-for': randomIp() });
    expect(elsewhere.status).toBe(200);
  });

  it('limits by the socket address when no proxy sent x-forwarded-for (next start fills it in)', async () => {
    const tenant = await createTenant('ratelimit-socket');
    // IPv6 loopback when the server listens there, so this address's allowance
    // is not one that other tests (which send x-forwarded-for) could share.
    const v6 = baseUrl().replace('127.0.0.1', '[::1]');
    const url = (await fetch(`${v6}/api/health`).then(
      () => true,
      () => false,
    ))
      ? v6
      : baseUrl();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await signIn(url, tenant.email, 'wrong password')).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });
});
