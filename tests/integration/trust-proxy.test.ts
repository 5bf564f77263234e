import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb } from '../helpers/processes';
import { createTenant, randomIp, type Tenant } from '../helpers/tenant';

// Without TRUST_PROXY the web server replaces X-Forwarded-For with the socket's
// address, so inventing a new address per request does not dodge the limit.
describe('sign-in rate limit without a trusted proxy', () => {
  let web: Awaited<ReturnType<typeof startWeb>>;
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant('noproxy');
    web = await startWeb({ TRUST_PROXY: 'false' });
  });
  afterAll(async () => {
    await web?.kill('SIGTERM');
  });

  it('limits a client that sends a different X-Forwarded-For every time', async () => {
    // Connect from a loopback address of our own, so no other test shares its allowance.
    const localAddress = `127.${[0, 0, 0].map(() => 1 + Math.floor(Math.random() * 250)).join('.')}`;
    const signIn = () =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ email: t.email, password: 'wrong password' });
        const req = request(
          `${web.url}/api/auth/sign-in/email`,
          {
            method: 'POST',
            localAddress,
            headers: { 'content-type': 'application/json', origin: web.url, 'x-forwarded-for': randomIp() },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await signIn());
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
  });
});
