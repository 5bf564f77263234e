import { api, type Tenant } from './tenant';

// Every object a workspace owns, with the requests that name it. The isolation
// test creates each object in workspace B and expects workspace A's key and
// session to get 404 on every request. Add a probe with every new object type.

export type Probe = {
  object: string;
  create(owner: Tenant): Promise<string>;
  requests(id: string): Array<{ method: string; path: string; body?: unknown }>;
};

const triggerOnly = { nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }], edges: [] };

export async function createFlowFor(owner: Tenant, graph: unknown = triggerOnly): Promise<string> {
  const res = await api('/api/v1/flows', { key: owner.apiKey, body: { name: 'probe flow', graph } });
  if (res.status !== 201) throw new Error(`create flow: ${res.status} ${res.text}`);
  return res.json.id as string;
}

export const tenantProbes: Probe[] = [
  {
    object: 'flow',
    create: (owner) => createFlowFor(owner),
    requests: (id) => [
      { method: 'GET', path: `/api/v1/flows/${id}` },
      { method: 'PUT', path: `/api/v1/flows/${id}`, body: { name: 'stolen' } },
      { method: 'POST', path: `/api/v1/flows/${id}/publish` },
      { method: 'POST', path: `/api/v1/flows/${id}/pause` },
      { method: 'POST', path: `/api/v1/flows/${id}/resume` },
      { method: 'POST', path: `/api/v1/flows/${id}/rotate-token` },
      { method: 'GET', path: `/api/v1/flows/${id}/versions` },
      { method: 'DELETE', path: `/api/v1/flows/${id}` },
    ],
  },
  {
    object: 'published flow (versions, restore, discard draft)',
    create: async (owner) => {
      const id = await createFlowFor(owner);
      const res = await api(`/api/v1/flows/${id}/publish`, { key: owner.apiKey, method: 'POST' });
      if (res.status !== 200) throw new Error(`publish flow: ${res.status} ${res.text}`);
      return id;
    },
    requests: (id) => [
      { method: 'GET', path: `/api/v1/flows/${id}/versions` },
      { method: 'POST', path: `/api/v1/flows/${id}/versions/1/restore` },
      { method: 'POST', path: `/api/v1/flows/${id}/discard-draft` },
    ],
  },
  {
    object: 'connection',
    create: async (owner) => {
      const res = await api('/api/v1/connections', {
        key: owner.apiKey,
        body: {
          type: 'hubspot',
          name: `probe connection ${Math.random().toString(36).slice(2, 8)}`,
          config: { accessToken: 'probe-token' },
        },
      });
      if (res.status !== 201) throw new Error(`create connection: ${res.status} ${res.text}`);
      return res.json.id as string;
    },
    requests: (id) => [
      { method: 'GET', path: `/api/v1/connections/${id}` },
      { method: 'PATCH', path: `/api/v1/connections/${id}`, body: { name: 'stolen' } },
      { method: 'POST', path: `/api/v1/connections/${id}/test`, body: {} },
      { method: 'DELETE', path: `/api/v1/connections/${id}` },
    ],
  },
  {
    object: 'event (read, edit and replay)',
    create: async (owner) => {
      const id = await createFlowFor(owner);
      const published = await api(`/api/v1/flows/${id}/publish`, { key: owner.apiKey, method: 'POST' });
      if (published.status !== 200) throw new Error(`publish flow: ${published.status} ${published.text}`);
      const flow = await api(`/api/v1/flows/${id}`, { key: owner.apiKey });
      const res = await fetch(flow.json.webhookUrl as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'probe@example.test' }),
      });
      const body = (await res.json()) as { eventId?: string };
      if (res.status !== 202 || !body.eventId) throw new Error(`webhook: ${res.status} ${JSON.stringify(body)}`);
      return body.eventId;
    },
    requests: (id) => [
      { method: 'GET', path: `/api/v1/events/${id}` },
      { method: 'POST', path: `/api/v1/events/${id}/replay`, body: { body: { email: 'stolen@example.test' } } },
    ],
  },
  {
    object: 'contact',
    create: async (owner) => {
      const { upsertContact } = await import('@/lib/contacts/upsert-contact');
      const { contactId } = await upsertContact(owner.workspaceId, {
        email: `probe-${Date.now()}@example.test`,
        tags: [],
        fields: {},
      });
      return contactId;
    },
    requests: (id) => [{ method: 'GET', path: `/api/v1/contacts/${id}` }],
  },
];
