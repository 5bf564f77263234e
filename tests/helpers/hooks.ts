import { db } from '@/lib/db';
import { api, type Tenant } from './tenant';
import { waitFor } from './ports';

// Flows with a webhook trigger, made through the REST API, and small helpers
// to deliver webhooks and read back what was stored.

export type HookFlow = { id: string; url: string; testUrl: string };

export const triggerOnlyGraph = (config: Record<string, unknown> = {}) => ({
  nodes: [{ id: 'trigger', type: 'trigger.webhook', config, position: { x: 0, y: 0 } }],
  edges: [],
});

export async function createHookFlow(
  t: Tenant,
  config: Record<string, unknown> = {},
  { publish = true } = {},
): Promise<HookFlow> {
  const created = await api('/api/v1/flows', {
    key: t.apiKey,
    body: { name: 'hook test', graph: triggerOnlyGraph(config) },
  });
  if (created.status !== 201) throw new Error(`create flow: ${created.status} ${created.text}`);
  if (publish) {
    const p = await api(`/api/v1/flows/${created.json.id}/publish`, { key: t.apiKey, method: 'POST' });
    if (p.status !== 200) throw new Error(`publish: ${p.status} ${p.text}`);
  }
  return {
    id: created.json.id,
    url: created.json.webhookUrl,
    testUrl: created.json.testUrl ?? `${created.json.webhookUrl}/test`,
  };
}

/** Replaces the trigger config and publishes it. */
export async function setTrigger(t: Tenant, flowId: string, config: Record<string, unknown>) {
  const put = await api(`/api/v1/flows/${flowId}`, {
    key: t.apiKey,
    method: 'PUT',
    body: { graph: triggerOnlyGraph(config) },
  });
  if (put.status !== 200) throw new Error(`update: ${put.status} ${put.text}`);
  const p = await api(`/api/v1/flows/${flowId}/publish`, { key: t.apiKey, method: 'POST' });
  if (p.status !== 200) throw new Error(`publish: ${p.status} ${p.text}`);
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => undefined)) as any };
}

export async function flowEvents(t: Tenant, flowId: string, status?: string) {
  const res = await api(`/api/v1/flows/${flowId}/events?limit=100${status ? `&status=${status}` : ''}`, {
    key: t.apiKey,
  });
  if (res.status !== 200) throw new Error(`events: ${res.status} ${res.text}`);
  return res.json.items as any[];
}

export async function getEvent(t: Tenant, id: string) {
  const res = await api(`/api/v1/events/${id}`, { key: t.apiKey });
  if (res.status !== 200) throw new Error(`event: ${res.status} ${res.text}`);
  return res.json;
}

/** The event's run once it has finished (the suite's worker runs it). */
export async function waitForFinishedRun(eventId: string, timeoutMs = 30_000) {
  return waitFor(
    () =>
      db.run.findFirst({
        where: { originKey: eventId, status: { in: ['succeeded', 'failed', 'canceled'] } },
        select: { id: true, status: true },
      }),
    { timeoutMs, what: `the run of event ${eventId}` },
  );
}
