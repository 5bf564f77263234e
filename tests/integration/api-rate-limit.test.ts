import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/api-keys';
import { startWeb } from '../helpers/processes';
import { createTenant, type Tenant } from '../helpers/tenant';

describe('per-API-key rate limit', () => {
  let web: Awaited<ReturnType<typeof startWeb>>;
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant('ratelimit');
    web = await startWeb({ API_RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(async () => {
    await web?.kill('SIGTERM');
  });

  it('answers 429 with Retry-After past the limit, per key, and records last use', async () => {
    const call = (key: string) => fetch(`${web.url}/api/v1/flows`, { headers: { authorization: `Bearer ${key}` } });
    // The window is a clock minute: if the calls straddle a minute boundary the
    // count restarts once, so a 429 comes after 5 to 10 successes.
    let limited: Response | undefined;
    let ok = 0;
    for (let i = 0; i < 11 && !limited; i++) {
      const res = await call(t.apiKey);
      if (res.status === 429) limited = res;
      else if (res.status === 200) ok++;
    }
    expect(ok).toBeGreaterThanOrEqual(5);
    expect(ok).toBeLessThanOrEqual(10);
    if (!limited) throw new Error('no 429 after 11 calls');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json()).error.code).toBe('rate_limited');

    // Another key of the same workspace has its own budget.
    const second = await createApiKey({ workspaceId: t.workspaceId, userId: t.userId, name: 'second' });
    expect((await call(second.key)).status).toBe(200);
  });
});
