import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTenant, type Tenant } from '../helpers/tenant';

const graph = {
  nodes: [
    { id: 'trigger', type: 'trigger.webhook', config: {}, position: { x: 0, y: 0 } },
    {
      id: 'lead',
      type: 'crm.upsertContact',
      config: { email: '{{ trigger.body.email }}', name: '{{ trigger.body.name }}' },
    },
  ],
  edges: [{ source: 'trigger', target: 'lead' }],
};

describe('/api/v1/flows', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant('flows');
  });

  it('creates a draft flow with a webhook URL of at least 128 random bits', async () => {
    const res = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'Website form', graph } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Website form', status: 'draft', graph });
    const token = new URL(res.json.webhookUrl).pathname.split('/').pop()!;
    expect(res.json.webhookUrl).toMatch(new RegExp(`^${process.env.APP_URL}/hooks/`));
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('refuses bad input with a 400 naming the field, and stores nothing', async () => {
    const before = (await api('/api/v1/flows?limit=100', { key: t.apiKey })).json.items.length;
    const noName = await api('/api/v1/flows', { key: t.apiKey, body: { graph } });
    expect(noName.status).toBe(400);
    expect(noName.json.error.code).toBe('invalid_input');
    expect(noName.json.error.details[0].path).toBe('name');

    const badType = await api('/api/v1/flows', {
      key: t.apiKey,
      body: { name: 'x', graph: { nodes: [{ id: 'a', type: 'no.such' }], edges: [] } },
    });
    expect(badType.status).toBe(400);
    expect(badType.json.error.details[0]).toMatchObject({ path: 'graph.nodes.0.type', nodeId: 'a' });

    const notJson = await fetch(`${process.env.TEST_BASE_URL}/api/v1/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    expect((await api('/api/v1/flows?limit=100', { key: t.apiKey })).json.items.length).toBe(before);
  });

  it('publishes immutable versions; the draft can change without touching them', async () => {
    const { json: flow } = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'Versions', graph } });
    const p1 = await api(`/api/v1/flows/${flow.id}/publish`, { key: t.apiKey, method: 'POST' });
    expect(p1.status).toBe(200);
    expect(p1.json).toEqual({ version: 1 });
    expect((await api(`/api/v1/flows/${flow.id}`, { key: t.apiKey })).json.status).toBe('live');

    const changed = structuredClone(graph);
    changed.nodes[1]!.config.name = 'changed';
    const put = await api(`/api/v1/flows/${flow.id}`, { key: t.apiKey, method: 'PUT', body: { graph: changed } });
    expect(put.status).toBe(200);
    expect(put.json.graph.nodes[1].config.name).toBe('changed');

    const versions = await api(`/api/v1/flows/${flow.id}/versions`, { key: t.apiKey });
    expect(versions.json.items).toHaveLength(1);
    expect(versions.json.items[0].graph.nodes[1].config.name).toBe('{{ trigger.body.name }}');

    expect((await api(`/api/v1/flows/${flow.id}/publish`, { key: t.apiKey, method: 'POST' })).json).toEqual({
      version: 2,
    });
  });

  it('refuses to publish an invalid graph, naming the node and field, and publishes nothing', async () => {
    const bad = structuredClone(graph);
    bad.nodes[1]!.config = {} as never;
    const { json: flow } = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'Broken', graph: bad } });
    const res = await api(`/api/v1/flows/${flow.id}/publish`, { key: t.apiKey, method: 'POST' });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toContainEqual(
      expect.objectContaining({ nodeId: 'lead', path: 'graph.nodes.1.config.email' }),
    );
    const after = await api(`/api/v1/flows/${flow.id}`, { key: t.apiKey });
    expect(after.json).toMatchObject({ status: 'draft', publishedVersion: null });
  });

  it('pauses and resumes a live flow; a draft cannot be paused', async () => {
    const { json: flow } = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'Pausing', graph } });
    expect((await api(`/api/v1/flows/${flow.id}/pause`, { key: t.apiKey, method: 'POST' })).status).toBe(409);
    await api(`/api/v1/flows/${flow.id}/publish`, { key: t.apiKey, method: 'POST' });
    const paused = await api(`/api/v1/flows/${flow.id}/pause`, { key: t.apiKey, method: 'POST' });
    expect(paused.json.status).toBe('paused');
    const resumed = await api(`/api/v1/flows/${flow.id}/resume`, { key: t.apiKey, method: 'POST' });
    expect(resumed.json.status).toBe('live');
  });

  it('rotates the webhook token and deletes flows', async () => {
    const { json: flow } = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'Rotate', graph } });
    const rotated = await api(`/api/v1/flows/${flow.id}/rotate-token`, { key: t.apiKey, method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(rotated.json.webhookUrl).not.toBe(flow.webhookUrl);
    const del = await api(`/api/v1/flows/${flow.id}`, { key: t.apiKey, method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await api(`/api/v1/flows/${flow.id}`, { key: t.apiKey })).status).toBe(404);
  });

  it('pages through every flow exactly once while flows are being added', async () => {
    const other = await createTenant('paging');
    for (let i = 0; i < 7; i++) await api('/api/v1/flows', { key: other.apiKey, body: { name: `f${i}` } });
    const seen: string[] = [];
    let cursor: string | null = null;
    let added = 0;
    do {
      const res: { json: { items: { id: string }[]; nextCursor: string | null } } = await api(
        `/api/v1/flows?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { key: other.apiKey },
      );
      seen.push(...res.json.items.map((f) => f.id));
      cursor = res.json.nextCursor;
      if (added++ < 2) await api('/api/v1/flows', { key: other.apiKey, body: { name: `late${added}` } });
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(7);
    expect((await api('/api/v1/flows?limit=101', { key: other.apiKey })).status).toBe(400);
  });
});
