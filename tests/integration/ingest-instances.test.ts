import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { uuid7 } from '@/lib/db/uuid7';
import { createHookFlow, flowEvents, postJson, setTrigger, waitForFinishedRun } from '../helpers/hooks';
import { startWeb, type Proc } from '../helpers/processes';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Several web instances on one PostgreSQL and Redis: the rate limit is shared,
// and flow changes made through one apply at once on the other, although each
// keeps the flows it has seen (find-hook-flow.ts).
// Plus the outbox's other failure: the web process dying between commit and
// enqueue.

let t: Tenant;
let second: Proc & { url: string };
beforeAll(async () => {
  t = await createTenant('instances');
  second = await startWeb();
});
afterAll(async () => second?.kill());

const on = (base: string, hookUrl: string) => `${base}${new URL(hookUrl).pathname}`;

describe('several web instances', () => {
  it('share one rate limit per flow', async () => {
    if (Date.now() % 60_000 > 50_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 200));
    const flow = await createHookFlow(t, { rateLimitPerMinute: 4 });
    const a = on(process.env.TEST_BASE_URL!, flow.url);
    const b = on(second.url, flow.url);
    const statuses = [];
    for (const url of [a, b, a, b]) statuses.push((await postJson(url, {})).status);
    expect(statuses).toEqual([202, 202, 202, 202]);
    expect((await postJson(b, {})).status).toBe(429);
    expect((await postJson(a, {})).status).toBe(429);
  });

  it('see pause, resume and rotation made through another instance at once', async () => {
    const flow = await createHookFlow(t);
    const b = on(second.url, flow.url);
    expect((await postJson(b, {})).json.status).toBe('accepted');
    await api(`/api/v1/flows/${flow.id}/pause`, { key: t.apiKey, method: 'POST' });
    expect((await postJson(b, {})).json.status).toBe('held');
    await api(`/api/v1/flows/${flow.id}/resume`, { key: t.apiKey, method: 'POST' });
    expect((await postJson(b, {})).json.status).toBe('accepted');
    const rotated = await api(`/api/v1/flows/${flow.id}/rotate-token`, { key: t.apiKey, method: 'POST' });
    expect((await postJson(b, {})).status).toBe(404);
    expect((await postJson(on(second.url, rotated.json.webhookUrl), {})).status).toBe(202);
  });

  it('see a newly published sender check and a deletion made through another instance at once, storing nothing they refuse', async () => {
    const flow = await createHookFlow(t);
    const b = on(second.url, flow.url);
    // Twice: the second request is decided on the flow as instance b keeps it.
    for (const i of [1, 2]) expect((await postJson(b, { i })).json.status).toBe('accepted');
    await setTrigger(t, flow.id, { signature: { scheme: 'shared-secret', secret: 'fresh-secret', header: 'X-Key' } });
    expect((await postJson(b, { unsigned: true })).status).toBe(401);
    expect((await postJson(b, { signed: true }, { 'x-key': 'fresh-secret' })).json.status).toBe('accepted');
    const bodies = (await flowEvents(t, flow.id, 'accepted')).map((e) => e.body);
    expect(bodies).toHaveLength(3);
    expect(bodies).not.toContainEqual({ unsigned: true });

    expect((await api(`/api/v1/flows/${flow.id}`, { key: t.apiKey, method: 'DELETE' })).status).toBe(204);
    expect((await postJson(b, {}, { 'x-key': 'fresh-secret' })).status).toBe(404);
  });
});

describe('web process died between commit and enqueue', () => {
  it('the sweeper enqueues the committed event and it runs', async () => {
    const flow = await createHookFlow(t);
    // Exactly what the web process leaves behind: the row, and no job.
    const id = uuid7();
    await db.event.create({
      data: {
        id,
        workspaceId: t.workspaceId,
        flowId: flow.id,
        status: 'accepted',
        method: 'POST',
        headers: {},
        query: {},
        body: { orphan: true },
      },
    });
    const run = await waitForFinishedRun(id, 60_000);
    expect(run.status).toBe('succeeded');
  });
});
