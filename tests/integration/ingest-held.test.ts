import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createHookFlow, flowEvents, getEvent, postJson, waitForFinishedRun } from '../helpers/hooks';
import { api, createTenant, type Tenant } from '../helpers/tenant';

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('held');
});

describe('paused flows hold events', () => {
  it('holds events while paused (202 "held"), then runs them on resume', async () => {
    const flow = await createHookFlow(t);
    expect((await api(`/api/v1/flows/${flow.id}/pause`, { key: t.apiKey, method: 'POST' })).status).toBe(200);
    const held = await Promise.all([1, 2, 3].map((i) => postJson(flow.url, { i })));
    for (const h of held) expect(h).toMatchObject({ status: 202, json: { status: 'held' } });
    expect(await flowEvents(t, flow.id, 'held')).toHaveLength(3);
    // A later live event on another flow runs, so the worker is busy — yet nothing ran here.
    const other = await createHookFlow(t);
    await waitForFinishedRun((await postJson(other.url, {})).json.eventId);
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(0);

    expect((await api(`/api/v1/flows/${flow.id}/resume`, { key: t.apiKey, method: 'POST' })).status).toBe(200);
    for (const h of held) {
      const run = await waitForFinishedRun(h.json.eventId);
      expect(run.status).toBe('succeeded');
      expect((await getEvent(t, h.json.eventId)).status).toBe('accepted');
    }
    expect((await postJson(flow.url, {})).json.status).toBe('accepted');
  });

  it('POST /held/run runs them, POST /held/discard discards them (kept in the list, never run)', async () => {
    const flow = await createHookFlow(t);
    await api(`/api/v1/flows/${flow.id}/pause`, { key: t.apiKey, method: 'POST' });
    const a = await postJson(flow.url, { a: 1 });
    const run = await api(`/api/v1/flows/${flow.id}/held/run`, { key: t.apiKey, method: 'POST' });
    expect(run).toMatchObject({ status: 200, json: { released: 1 } });
    await waitForFinishedRun(a.json.eventId);

    const b = await postJson(flow.url, { b: 1 });
    expect(b.json.status).toBe('held');
    const discard = await api(`/api/v1/flows/${flow.id}/held/discard`, { key: t.apiKey, method: 'POST' });
    expect(discard).toMatchObject({ status: 200, json: { discarded: 1 } });
    expect((await getEvent(t, b.json.eventId)).status).toBe('discarded');
    await api(`/api/v1/flows/${flow.id}/resume`, { key: t.apiKey, method: 'POST' });
    // The resume's own release found nothing to run: the discarded event stays unrun.
    const c = await postJson(flow.url, { c: 1 });
    await waitForFinishedRun(c.json.eventId);
    expect(await db.run.count({ where: { eventId: b.json.eventId } })).toBe(0);
  });
});
