import { db } from '@/lib/db';
import { waitFor } from './ports';
import { api, type Tenant } from './tenant';

// Flows with steps, made and published through the REST API; events sent to
// their webhook URL; runs read back through GET /runs/{id}.

export type Node = {
  id: string;
  type: string;
  config?: Record<string, unknown>;
  retry?: { attempts: number; backoffMs?: number };
  timeoutMs?: number;
};

export const chain = (nodes: Node[]) => ({
  nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }, ...nodes.map((n) => ({ config: {}, ...n }))],
  edges: nodes.map((n, i) => ({ source: i === 0 ? 'trigger' : nodes[i - 1]!.id, target: n.id })),
});

export async function publishedFlow(
  t: Tenant,
  graph: unknown,
  name = 'run test',
): Promise<{ id: string; url: string }> {
  const created = await api('/api/v1/flows', { key: t.apiKey, body: { name, graph } });
  if (created.status !== 201) throw new Error(`create flow: ${created.status} ${created.text}`);
  const p = await api(`/api/v1/flows/${created.json.id}/publish`, { key: t.apiKey, method: 'POST' });
  if (p.status !== 200) throw new Error(`publish: ${p.status} ${p.text}`);
  return { id: created.json.id, url: created.json.webhookUrl };
}

export async function sendEvent(url: string, body: unknown): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { eventId: string; status: string };
  if (res.status !== 202 || json.status !== 'accepted')
    throw new Error(`webhook: ${res.status} ${JSON.stringify(json)}`);
  return json.eventId;
}

export async function getRun(t: Tenant, runId: string) {
  const res = await api(`/api/v1/runs/${runId}`, { key: t.apiKey });
  if (res.status !== 200) throw new Error(`run: ${res.status} ${res.text}`);
  return res.json;
}

export const step = (run: { steps: any[] }, nodeId: string) => run.steps.find((s) => s.nodeId === nodeId);

const FINISHED = ['succeeded', 'failed', 'canceled'];

/** The run (GET /runs/{id}) once it has finished; `eventId` finds an event's first run. */
export async function finishedRun(t: Tenant, ref: { eventId: string } | { runId: string }, timeoutMs = 30_000) {
  const runId =
    'runId' in ref
      ? ref.runId
      : (
          await waitFor(() => db.run.findUnique({ where: { originKey: ref.eventId }, select: { id: true } }), {
            timeoutMs,
            what: `the run of event ${ref.eventId}`,
          })
        ).id;
  return waitFor(
    async () => {
      const run = await getRun(t, runId);
      return FINISHED.includes(run.status) ? run : null;
    },
    { timeoutMs, what: `run ${runId} to finish` },
  );
}
