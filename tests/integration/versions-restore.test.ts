import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// A flow's history (who published what, when), restoring an old version into
// the draft, and discarding the draft — through the REST API.

const graphWith = (url: string) => ({
  nodes: [
    { id: 'trigger', type: 'trigger.webhook', config: {} },
    { id: 'call', type: 'http.request', config: { method: 'POST', url } },
  ],
  edges: [{ source: 'trigger', target: 'call' }],
});

const callUrl = (graph: { nodes: { id: string; config: Record<string, unknown> }[] }) =>
  graph.nodes.find((n) => n.id === 'call')!.config.url;

describe('flow versions: restore and discard', () => {
  let t: Tenant;
  let other: Tenant;
  beforeAll(async () => {
    [t, other] = await Promise.all([createTenant('versions'), createTenant('versions-other')]);
  });

  async function flowWithTwoVersions() {
    const created = await api('/api/v1/flows', {
      key: t.apiKey,
      body: { name: 'Versions', graph: graphWith('https://one.example/hook') },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    // v1 by the user's session, v2 by the API key.
    expect((await api(`/api/v1/flows/${id}/publish`, { method: 'POST', cookie: t.cookie })).json).toEqual({
      version: 1,
    });
    expect(
      (
        await api(`/api/v1/flows/${id}`, {
          method: 'PUT',
          key: t.apiKey,
          body: { graph: graphWith('https://two.example/hook') },
        })
      ).status,
    ).toBe(200);
    expect((await api(`/api/v1/flows/${id}/publish`, { method: 'POST', key: t.apiKey })).json).toEqual({ version: 2 });
    return id;
  }

  it('lists versions newest first with who published each and when', async () => {
    const id = await flowWithTwoVersions();
    const res = await api(`/api/v1/flows/${id}/versions`, { key: t.apiKey });
    expect(res.status).toBe(200);
    const [v2, v1] = res.json.items;
    expect(v2.version).toBe(2);
    expect(v2.publishedBy).toEqual({ type: 'apiKey', id: expect.any(String), name: 'test' });
    expect(v1.version).toBe(1);
    expect(v1.publishedBy).toEqual({ type: 'user', id: t.userId, name: 'versions', email: t.email });
    expect(Date.parse(v1.publishedAt)).toBeLessThanOrEqual(Date.parse(v2.publishedAt));
    expect(callUrl(v1.graph)).toBe('https://one.example/hook');
  });

  it('restore makes the draft equal the old version; publishing makes it live as a new version', async () => {
    const id = await flowWithTwoVersions();
    const versions = (await api(`/api/v1/flows/${id}/versions`, { key: t.apiKey })).json.items;
    const v1 = versions.find((v: { version: number }) => v.version === 1);

    const restored = await api(`/api/v1/flows/${id}/versions/1/restore`, { method: 'POST', key: t.apiKey });
    expect(restored.status).toBe(200);
    expect(restored.json.graph).toEqual(v1.graph);
    // Nothing live changed yet.
    expect(restored.json.publishedVersion).toBe(2);
    expect((await api(`/api/v1/flows/${id}`, { key: t.apiKey })).json.graph).toEqual(v1.graph);

    expect((await api(`/api/v1/flows/${id}/publish`, { method: 'POST', key: t.apiKey })).json).toEqual({ version: 3 });
    const after = (await api(`/api/v1/flows/${id}/versions`, { key: t.apiKey })).json.items;
    expect(after.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(after[0].graph).toEqual(v1.graph);
    expect((await api(`/api/v1/flows/${id}`, { key: t.apiKey })).json).toMatchObject({
      status: 'live',
      publishedVersion: 3,
    });
  });

  it('an unknown version answers 404 and leaves the draft alone', async () => {
    const id = await flowWithTwoVersions();
    for (const v of ['9', '0', 'abc', '-1']) {
      const res = await api(`/api/v1/flows/${id}/versions/${v}/restore`, { method: 'POST', key: t.apiKey });
      expect(res.status, v).toBe(404);
    }
    expect(callUrl((await api(`/api/v1/flows/${id}`, { key: t.apiKey })).json.graph)).toBe('https://two.example/hook');
  });

  it('discard draft puts the live version back in the draft', async () => {
    const id = await flowWithTwoVersions();
    await api(`/api/v1/flows/${id}`, {
      method: 'PUT',
      key: t.apiKey,
      body: { graph: graphWith('https://oops.example/hook') },
    });
    const res = await api(`/api/v1/flows/${id}/discard-draft`, { method: 'POST', key: t.apiKey });
    expect(res.status).toBe(200);
    expect(callUrl(res.json.graph)).toBe('https://two.example/hook');
    expect(res.json.publishedVersion).toBe(2);
  });

  it('discard draft of a never-published flow answers 409 with a clear error', async () => {
    const created = await api('/api/v1/flows', {
      key: t.apiKey,
      body: { name: 'Never', graph: graphWith('https://draft.example/') },
    });
    const res = await api(`/api/v1/flows/${created.json.id}/discard-draft`, { method: 'POST', key: t.apiKey });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
    expect(res.json.error.message).toMatch(/never been published/);
    expect(callUrl((await api(`/api/v1/flows/${created.json.id}`, { key: t.apiKey })).json.graph)).toBe(
      'https://draft.example/',
    );
  });

  it("another workspace's flow answers 404 to restore, discard and versions", async () => {
    const id = await flowWithTwoVersions();
    for (const [method, path] of [
      ['GET', `/api/v1/flows/${id}/versions`],
      ['POST', `/api/v1/flows/${id}/versions/1/restore`],
      ['POST', `/api/v1/flows/${id}/discard-draft`],
    ] as const) {
      const res = await api(path, { method, key: other.apiKey });
      expect(res.status, path).toBe(404);
    }
    expect(callUrl((await api(`/api/v1/flows/${id}`, { key: t.apiKey })).json.graph)).toBe('https://two.example/hook');
  });
});
