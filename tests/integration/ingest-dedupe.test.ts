import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createHookFlow, postJson, waitForFinishedRun } from '../helpers/hooks';
import { createTenant, type Tenant } from '../helpers/tenant';

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('dedupe');
});

describe('duplicate detection under concurrency', () => {
  it('50 concurrent deliveries with the same Idempotency-Key make one event and one run', async () => {
    const flow = await createHookFlow(t);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postJson(flow.url, { attempt: i }, { 'idempotency-key': 'evt_same_50' })),
    );
    const accepted = results.filter((r) => r.status === 202);
    const duplicates = results.filter((r) => r.status === 200);
    expect(accepted).toHaveLength(1);
    expect(duplicates).toHaveLength(49);
    const firstId = accepted[0]!.json.eventId;
    for (const d of duplicates) expect(d.json).toEqual({ eventId: firstId, duplicate: true });

    expect(await db.event.count({ where: { flowId: flow.id, status: 'accepted' } })).toBe(1);
    expect(await db.event.count({ where: { flowId: flow.id, status: 'duplicate', duplicateOfId: firstId } })).toBe(49);
    await waitForFinishedRun(firstId);
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(1);
  });

  it('held events take part in duplicate detection', async () => {
    const flow = await createHookFlow(t);
    const pause = await fetch(`${process.env.TEST_BASE_URL}/api/v1/flows/${flow.id}/pause`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiKey}` },
    });
    expect(pause.status).toBe(200);
    const a = await postJson(flow.url, {}, { 'idempotency-key': 'held-1' });
    const b = await postJson(flow.url, {}, { 'idempotency-key': 'held-1' });
    expect(a.json.status).toBe('held');
    expect(b).toMatchObject({ status: 200, json: { eventId: a.json.eventId, duplicate: true } });
  });
});
