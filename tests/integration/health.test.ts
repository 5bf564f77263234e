import { describe, expect, it } from 'vitest';
import { baseUrl } from '../helpers/tenant';

describe('GET /api/health', () => {
  it('answers 200 with db and redis up when both answer', async () => {
    const res = await fetch(`${baseUrl()}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: 'up', redis: 'up' });
  });
});
