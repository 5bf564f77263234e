import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// POST /flows/{id}/publish checks everything at once and answers every problem
// in one 400: error.details = [{path, nodeId, field, message}], in the flow's
// order. Nothing is published until the flow is fixed.

const broken = {
  nodes: [
    { id: 'trigger', type: 'trigger.webhook', config: {} },
    {
      id: 'lead',
      type: 'crm.upsertContact',
      label: 'Save the lead',
      config: { email: '', name: 'Dear {{ trigger.body.name', company: '{{ steps.call.body.company }}' },
    },
    {
      id: 'call',
      type: 'http.request',
      config: {
        method: 'POST',
        url: 'https://crm.example/{{ steps.nope.id }}',
        headers: { 'X-Name': '{{ trigger.body.name | shout }}' },
      },
    },
    { id: 'island', type: 'delay', config: { seconds: 5 } },
  ],
  edges: [
    { source: 'trigger', target: 'lead' },
    { source: 'lead', target: 'call' },
  ],
};

describe('publish checks every problem at once', () => {
  let t: Tenant;
  let other: Tenant;
  beforeAll(async () => {
    [t, other] = await Promise.all([createTenant('publish-check'), createTenant('publish-check-other')]);
  });

  it('answers 400 with each problem on its node and field, publishes nothing, then publishes the fixed flow', async () => {
    const created = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'Broken', graph: broken } });
    expect(created.status).toBe(201);
    const id = created.json.id as string;

    // Another workspace cannot even see it.
    expect((await api(`/api/v1/flows/${id}/publish`, { key: other.apiKey, method: 'POST' })).status).toBe(404);

    const res = await api(`/api/v1/flows/${id}/publish`, { key: t.apiKey, method: 'POST' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(res.json.error.message).toMatch(/^The flow cannot be published: 6 problems\./);
    const details = res.json.error.details as { path: string; nodeId?: string; field?: string; message: string }[];
    expect(details.map((d) => [d.nodeId, d.field, d.path])).toEqual([
      ['lead', 'email', 'graph.nodes.1.config.email'],
      ['lead', 'name', 'graph.nodes.1.config.name'],
      ['lead', 'company', 'graph.nodes.1.config.company'],
      ['call', 'url', 'graph.nodes.2.config.url'],
      ['call', 'headers.X-Name', 'graph.nodes.2.config.headers.X-Name'],
      ['island', undefined, 'graph.nodes.3'],
    ]);
    const message = (field: string) => details.find((d) => d.field === field)!.message;
    expect(message('email')).toBe('Email is required');
    expect(message('name')).toMatch(/never closed/);
    expect(message('company')).toMatch(/runs after this step/);
    expect(message('url')).toMatch(/step “nope” that this flow does not have/);
    expect(message('headers.X-Name')).toMatch(/“shout” is not a filter/);
    expect(details.find((d) => d.nodeId === 'island')!.message).toMatch(/not connected to the trigger/);

    const flow = await db.flow.findFirstOrThrow({
      where: { id, workspaceId: t.workspaceId },
      select: { status: true, publishedVersion: true },
    });
    expect(flow).toEqual({ status: 'draft', publishedVersion: null });
    expect(await db.flowVersion.count({ where: { flowId: id } })).toBe(0);

    const fixed = structuredClone(broken);
    fixed.nodes[1]!.config = {
      email: '{{ trigger.body.email }}',
      name: 'Dear {{ trigger.body.name }}',
      company: '{{ trigger.body.company }}',
    };
    fixed.nodes[2]!.config = {
      method: 'POST',
      url: 'https://crm.example/{{ steps.lead.contactId }}',
      headers: { 'X-Name': '{{ trigger.body.name | upcase }}' },
    };
    fixed.edges.push({ source: 'call', target: 'island' });
    const put = await api(`/api/v1/flows/${id}`, { key: t.apiKey, method: 'PUT', body: { graph: fixed } });
    expect(put.status).toBe(200);
    expect((await api(`/api/v1/flows/${id}/publish`, { key: t.apiKey, method: 'POST' })).json).toEqual({
      version: 1,
    });
  });

  it('saving a draft with the same mistakes still works: drafts may be incomplete', async () => {
    const created = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'Draft', graph: broken } });
    expect(created.status).toBe(201);
    const put = await api(`/api/v1/flows/${created.json.id}`, {
      key: t.apiKey,
      method: 'PUT',
      body: { graph: broken },
    });
    expect(put.status).toBe(200);
  });
});
