import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { flowActivity } from '@/lib/flows/flow-activity';
import { withRunActivity } from '@/lib/flows/flow-summaries';
import { listFlows } from '@/lib/flows/list-flows';
import { countRuns } from '@/lib/runs/count-runs';
import { listRuns } from '@/lib/runs/list-runs';
import { getRun } from '@/lib/runs/get-run';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// The queries behind the flows list, runs lists, run page and flow overview,
// fed by real webhooks and real runs through the suite's web server and worker.

const hour = 3_600_000;
/** What the failed-runs badge asks for: the last 24 hours. */
/** The flows page's data: the API's list, with run activity. */
const flowSummaries = async (workspaceId: string, now?: Date) =>
  withRunActivity(workspaceId, (await listFlows(workspaceId, { limit: 500 })).items, now);
const dayAgo = () => new Date(Date.now() - 24 * hour).toISOString();
let owner: Tenant;
let other: Tenant;
let flowId: string;
let hookUrl: string;
let target: Awaited<ReturnType<typeof startRecordingServer>>;

const graph = (url: string) => ({
  nodes: [
    { id: 'trigger', type: 'trigger.webhook', config: {}, position: { x: 0, y: 0 } },
    { id: 'lead', type: 'crm.upsertContact', config: { email: '{{ trigger.body.email }}' } },
    {
      id: 'only_vip',
      type: 'filter',
      config: { conditions: [{ left: '{{ trigger.body.vip }}', op: 'equals', right: 'yes' }] },
    },
    {
      id: 'notify',
      type: 'http.request',
      config: { url, body: { email: '{{ trigger.body.email }}' } },
      retry: { attempts: 1 },
    },
  ],
  edges: [
    { source: 'trigger', target: 'lead' },
    { source: 'lead', target: 'only_vip' },
    { source: 'only_vip', target: 'notify' },
  ],
});

const post = (body: unknown) =>
  fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  [owner, other] = await Promise.all([createTenant('activity'), createTenant('activity-other')]);
  target = await startRecordingServer(() => ({ status: 400, body: { error: 'refused' } }));
  const created = await api('/api/v1/flows', {
    key: owner.apiKey,
    body: { name: 'Leads', graph: graph(`${target.url}/notify`) },
  });
  expect(created.status).toBe(201);
  flowId = created.json.id;
  hookUrl = created.json.webhookUrl;
  expect((await api(`/api/v1/flows/${flowId}/publish`, { key: owner.apiKey, method: 'POST' })).status).toBe(200);
  // One filtered out (succeeded), one that fails at the HTTP step, one form-encoded filtered.
  expect((await post({ email: 'ada@example.com', vip: 'no' })).status).toBe(202);
  expect((await post({ email: 'bob@example.com', vip: 'yes' })).status).toBe(202);
  await waitFor(
    async () => (await db.run.count({ where: { flowId, status: { in: ['succeeded', 'failed'] } } })) === 2,
    { what: 'two finished runs' },
  );
});

afterAll(async () => {
  await target?.close();
});

describe('flow and run views', () => {
  it('lists runs with a trigger summary, filtered by status, newest first, only in their workspace', async () => {
    const all = await listRuns(owner.workspaceId, { flowId, limit: 50 });
    expect(all.items.map((r) => [r.summary, r.status])).toEqual([
      ['bob@example.com', 'failed'],
      ['ada@example.com', 'succeeded'],
    ]);
    expect(all.items[0]!.flowName).toBe('Leads');
    const failed = await listRuns(owner.workspaceId, { status: 'failed', limit: 50 });
    expect(failed.items.map((r) => r.summary)).toEqual(['bob@example.com']);
    const page1 = await listRuns(owner.workspaceId, { limit: 1 });
    expect(page1.nextCursor).toBe(page1.items[0]!.id);
    expect((await listRuns(owner.workspaceId, { limit: 1, cursor: page1.nextCursor! })).items[0]!.summary).toBe(
      'ada@example.com',
    );
    expect((await listRuns(other.workspaceId, { flowId, limit: 50 })).items).toEqual([]);
    expect(await countRuns(owner.workspaceId, { status: 'failed', since: dayAgo() })).toBe(1);
    expect(await countRuns(other.workspaceId, { status: 'failed', since: dayAgo() })).toBe(0);
  });

  it('the run page data: the version graph, each step with input/output/error, the raw event', async () => {
    const [failedRow] = (await listRuns(owner.workspaceId, { status: 'failed', limit: 50 })).items;
    const run = await getRun(owner.workspaceId, failedRow!.id);
    expect(run.graph.nodes.map((n) => n.id)).toEqual(['trigger', 'lead', 'only_vip', 'notify']);
    const notify = run.steps.find((s) => s.nodeId === 'notify')!;
    expect(notify.status).toBe('failed');
    expect(notify.error).toMatch(/400/);
    expect(run.steps.find((s) => s.nodeId === 'lead')!.output).toMatchObject({ created: true });
    expect(run.steps[0]!.output).toMatchObject({ body: { email: 'bob@example.com', vip: 'yes' } });
    await expect(getRun(other.workspaceId, failedRow!.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the flows list: last run and runs in the last 24 hours', async () => {
    const [summary] = await flowSummaries(owner.workspaceId);
    expect(summary).toMatchObject({
      id: flowId,
      name: 'Leads',
      status: 'live',
      publishedVersion: 1,
      runs24h: 2,
      lastRun: { status: 'failed' },
    });
    const later = await flowSummaries(owner.workspaceId, new Date(Date.now() + 25 * hour));
    expect(later[0]!.runs24h).toBe(0);
    expect(await flowSummaries(other.workspaceId)).toEqual([]);
  });

  it('the overview: outcomes per hour, and the quiet warning past the threshold the user set', async () => {
    const now = await flowActivity(owner.workspaceId, flowId);
    expect(now!.buckets).toHaveLength(168);
    // The last two hours (the runs may straddle an hour boundary).
    const recent = now!.buckets.slice(-2).map((b) => b.counts);
    const sum = (k: 'filtered' | 'failed' | 'succeeded') => recent.reduce((n, c) => n + (c[k] ?? 0), 0);
    expect([sum('filtered'), sum('failed'), sum('succeeded')]).toEqual([1, 1, 0]);
    expect(now!.buckets.slice(0, -2).every((b) => Object.keys(b.counts).length === 0)).toBe(true);
    expect(now!.quiet).toBeNull();
    expect(now!.quietHours).toBe(24);

    // 25 hours later with the default 24-hour threshold: warned.
    expect((await flowActivity(owner.workspaceId, flowId, new Date(Date.now() + 25 * hour)))!.quiet).toBe(25);

    // The user raises the threshold to 48 hours (kept in the trigger config).
    const flow = await api(`/api/v1/flows/${flowId}`, { key: owner.apiKey });
    const g = flow.json.graph;
    g.nodes[0].config = { quietAlertHours: 48 };
    expect(
      (await api(`/api/v1/flows/${flowId}`, { key: owner.apiKey, method: 'PUT', body: { graph: g } })).status,
    ).toBe(200);
    const raised = await flowActivity(owner.workspaceId, flowId, new Date(Date.now() + 25 * hour));
    expect(raised!.quietHours).toBe(48);
    expect(raised!.quiet).toBeNull();

    // A paused flow is quiet on purpose: no warning.
    expect((await api(`/api/v1/flows/${flowId}/pause`, { key: owner.apiKey, method: 'POST' })).status).toBe(200);
    expect((await flowActivity(owner.workspaceId, flowId, new Date(Date.now() + 100 * hour)))!.quiet).toBeNull();
    expect(await flowActivity(other.workspaceId, flowId)).toBeNull();
  });
});
