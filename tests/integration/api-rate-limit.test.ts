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
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(t.apiKey)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await call(t.apiKey);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json()).error.code).toBe('rate_limited');

    // Another key of the same workspace has its own budget.
    const second = await createApiKey({ workspaceId: t.workspaceId, name: 'second' });
    expect((await call(second.key)).status).toBe(200);
  });
});
