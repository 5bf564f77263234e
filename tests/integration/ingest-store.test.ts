import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { ingestPool } from '@/lib/ingest/ingest-pool';
import { storeEvent, type NewEvent } from '@/lib/ingest/store-event';
import { uuid7 } from '@/lib/db/uuid7';
import { createHookFlow } from '../helpers/hooks';
import { createTenant, type Tenant } from '../helpers/tenant';

// The batched insert path directly against PostgreSQL: events that arrive
// together share one INSERT, and one bad row (its flow deleted meanwhile)
// fails alone.

let t: Tenant;
let flowId: string;
beforeAll(async () => {
  t = await createTenant('store');
  flowId = (await createHookFlow(t)).id;
});
afterAll(async () => {
  await ingestPool().end();
});

const event = (over: Partial<NewEvent> = {}): NewEvent => ({
  workspaceId: t.workspaceId,
  flowId,
  status: 'accepted',
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  query: {},
  body: { quote: 'say "hi" \\ {braces}', list: [1, 2] },
  dedupeKey: null,
  ...over,
});

describe('storeEvent batching', () => {
  it('stores concurrent events exactly, and fails only the one whose flow is gone', async () => {
    const results = await Promise.allSettled(
      [event(), event({ body: 'text body' }), event({ flowId: uuid7() }), event({ body: null }), event()].map(
        storeEvent,
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason.code).toBe('23503');
    const ids = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.eventId] : []));
    const rows = await db.event.findMany({
      where: { id: { in: ids } },
      select: { id: true, body: true, status: true },
    });
    expect(rows).toHaveLength(4);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids[0]!)!.body).toEqual({ quote: 'say "hi" \\ {braces}', list: [1, 2] });
    expect(byId.get(ids[1]!)!.body).toBe('text body');
    expect(byId.get(ids[2]!)!.body).toBeNull();
  });

  it('an insert that expects the flow in another state (paused, rotated, republished) stores nothing and says so', async () => {
    const f = await db.flow.findUniqueOrThrow({
      where: { id: flowId },
      select: { token: true, status: true, publishedVersion: true },
    });
    const now = { token: f.token, status: f.status, publishedVersion: f.publishedVersion };
    const results = await Promise.all(
      [
        now,
        { ...now, status: 'paused' },
        { ...now, token: 'rotated0123456789abcdef' },
        { ...now, publishedVersion: (f.publishedVersion ?? 0) + 1 },
      ].map((expect) => storeEvent(event({ expect }))),
    );
    expect(results.map((r) => r.status)).toEqual(['accepted', 'stale', 'stale', 'stale']);
    const stored = await db.event.findMany({
      where: { id: { in: results.map((r) => r.eventId) } },
      select: { id: true },
    });
    expect(stored.map((e) => e.id)).toEqual([results[0]!.eventId]);
  });

  it('keyed events arriving together: one first event per key, the rest duplicates of it, a bad row alone fails', async () => {
    const keys = ['a', 'b', 'a', 'c', 'b', 'a'];
    const results = await Promise.allSettled(
      [...keys.map((k) => event({ dedupeKey: `batch:${k}` })), event({ flowId: uuid7(), dedupeKey: 'batch:x' })].map(
        storeEvent,
      ),
    );
    expect(results.map((r) => r.status)).toEqual([...keys.map(() => 'fulfilled'), 'rejected']);
    const stored = results
      .slice(0, keys.length)
      .map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof storeEvent>>>).value);
    for (const k of ['a', 'b', 'c']) {
      const group = stored.filter((_, i) => keys[i] === k);
      const firsts = group.filter((g) => g.status === 'accepted');
      expect(firsts).toHaveLength(1);
      for (const d of group.filter((g) => g !== firsts[0]))
        expect(d).toMatchObject({ status: 'duplicate', duplicateOfId: firsts[0]!.eventId });
    }
    // Later deliveries of the same keys are duplicates too.
    const again = await storeEvent(event({ dedupeKey: 'batch:c' }));
    expect(again.duplicateOfId).toBe(stored[3]!.eventId);
  });
});
