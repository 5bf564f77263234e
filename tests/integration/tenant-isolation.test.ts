import { beforeAll, describe, expect, it } from 'vitest';
import { tenantProbes } from '../helpers/tenant-probes';
import { api, createTenant, type Tenant } from '../helpers/tenant';

describe('workspace isolation', () => {
  let a: Tenant;
  let b: Tenant;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTenant('iso-a'), createTenant('iso-b')]);
  });

  for (const probe of tenantProbes) {
    it(`another workspace's ${probe.object} answers 404 to API key and session, and is left unchanged`, async () => {
      const id = await probe.create(b);
      for (const req of probe.requests(id)) {
        for (const auth of [{ key: a.apiKey }, { cookie: a.cookie }]) {
          const res = await api(req.path, { method: req.method, body: req.body, ...auth });
          expect(res.status, `${req.method} ${req.path} with ${Object.keys(auth)[0]}`).toBe(404);
          expect(res.json?.error?.code).toBe('not_found');
        }
      }
      // The owner still sees it (nothing was changed or deleted by the other workspace).
      const own = probe.requests(id).find((r) => r.method === 'GET')!;
      expect((await api(own.path, { key: b.apiKey })).status).toBe(200);
    });
  }

  it("lists only the workspace's own audit log entries", async () => {
    const flowId = await tenantProbes[0]!.create(b);
    expect((await api(`/api/v1/flows/${flowId}/publish`, { method: 'POST', key: b.apiKey })).status).toBe(200);
    const theirs = await api('/api/v1/audit-log', { key: b.apiKey });
    expect(theirs.json.items.some((e: { target: { id: string } }) => e.target.id === flowId)).toBe(true);
    for (const auth of [{ key: a.apiKey }, { cookie: a.cookie }]) {
      const mine = await api('/api/v1/audit-log', auth);
      expect(mine.status).toBe(200);
      expect(mine.json.items.some((e: { target: { id: string } }) => e.target.id === flowId)).toBe(false);
    }
  });

  it('answers 401 without a key, with an unknown key and with a revoked key', async () => {
    expect((await api('/api/v1/flows')).status).toBe(401);
    const unknown = await api('/api/v1/flows', { key: 'sb_not-a-real-key' });
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.code).toBe('unauthorized');
  });
});
