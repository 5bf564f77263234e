import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { uuid7 } from '@/lib/db/uuid7';
import { MAINTENANCE_QUEUE, RETENTION_SCHEDULER } from '@/lib/retention/start-maintenance';
import { pruneOldData, uuidv7Floor } from '@/lib/retention/prune-old-data';
import { seedFlow } from '../helpers/engine-sandbox';

// Retention deletes old events with their runs and step results, in batches,
// and keeps whatever still matters: held events, unfinished runs, recent
// replays and the editor's sample.

const DAY = 86_400_000;
const graph = { nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }], edges: [] };
const workspaces: string[] = [];

afterAll(async () => {
  await db.workspace.deleteMany({ where: { id: { in: workspaces } } });
});

async function setup() {
  const flow = await seedFlow(db, graph);
  workspaces.push(flow.workspaceId);
  // Held events belong to a paused flow: on a live one, a worker's outbox
  // sweeper (started by another test file) releases and runs them, which makes
  // the held event prunable between the two passes below.
  await db.flow.update({ where: { id: flow.flowId }, data: { status: 'paused' } });
  const { id: flowVersionId } = await db.flowVersion.findFirstOrThrow({
    where: { flowId: flow.flowId },
    select: { id: true },
  });
  const event = async (ageDays: number, status: 'accepted' | 'held' | 'test' | 'refused') => {
    const at = Date.now() - ageDays * DAY;
    const { id } = await db.event.create({
      data: {
        id: uuid7(at),
        workspaceId: flow.workspaceId,
        flowId: flow.flowId,
        status,
        method: 'POST',
        body: { n: 1 },
        receivedAt: new Date(at),
      },
      select: { id: true },
    });
    return id;
  };
  const run = async (eventId: string, ageDays: number, status: 'succeeded' | 'waiting', replayOfId?: string) => {
    const at = Date.now() - ageDays * DAY;
    const id = uuid7(at);
    await db.run.create({
      data: {
        id,
        workspaceId: flow.workspaceId,
        flowId: flow.flowId,
        eventId,
        flowVersionId,
        status,
        originKey: replayOfId ? `replay:${id}` : eventId,
        replayOfId,
        createdAt: new Date(at),
        // An unfinished run is being driven: it holds a lease, so the run
        // sweeper of a worker another test file started leaves it alone
        // instead of finishing it (which would make its event prunable).
        ...(status === 'waiting' ? { leaseToken: 'retention-test', leaseUntil: new Date(Date.now() + 3600_000) } : {}),
      },
    });
    await db.stepRun.create({
      data: {
        runId: id,
        nodeId: 'a',
        type: 'http.request',
        status: status === 'succeeded' ? 'succeeded' : 'retrying',
        attempts: 1,
      },
    });
    return id;
  };
  return { flow, event, run };
}

describe('data retention', () => {
  it('uuidv7Floor sorts before every id made from that millisecond on, after every earlier one', () => {
    const t = Date.now();
    expect(uuidv7Floor(t) <= uuid7(t)).toBe(true);
    expect(uuidv7Floor(t) > uuid7(t - 1)).toBe(true);
  });

  it('prunes events older than the setting with their runs and step results, in batches; keeps held, unfinished, recently replayed, sample and recent ones', async () => {
    const { flow, event, run } = await setup();
    const oldDone = await event(40, 'accepted');
    const oldDoneRun = await run(oldDone, 40, 'succeeded');
    const oldRefused = await event(35, 'refused');
    const oldDone2 = await event(31, 'accepted');
    await run(oldDone2, 31, 'succeeded');
    const held = await event(40, 'held');
    const unfinished = await event(40, 'accepted');
    const unfinishedRun = await run(unfinished, 40, 'waiting');
    const replayed = await event(40, 'accepted');
    const replayedRun = await run(replayed, 40, 'succeeded');
    await run(replayed, 1, 'succeeded', replayedRun);
    const sample = await event(40, 'test');
    await db.flow.update({ where: { id: flow.flowId }, data: { sampleEventId: sample } });
    const recent = await event(29, 'accepted');
    await run(recent, 29, 'succeeded');

    const result = await pruneOldData({ days: 30, batch: 2 });
    expect(result.events).toBe(3);
    expect(result.batches).toBeGreaterThanOrEqual(2);

    const left = await db.event.findMany({ where: { flowId: flow.flowId }, select: { id: true } });
    expect(left.map((e) => e.id).sort()).toEqual([held, unfinished, replayed, sample, recent].sort());
    expect(await db.run.count({ where: { id: oldDoneRun } })).toBe(0);
    expect(await db.stepRun.count({ where: { runId: oldDoneRun } })).toBe(0);
    expect(await db.run.count({ where: { id: unfinishedRun } })).toBe(1);
    expect(await db.run.count({ where: { eventId: replayed } })).toBe(2);
    expect(left.some((e) => e.id === oldRefused)).toBe(false);

    // A second pass finds nothing more to do.
    expect((await pruneOldData({ days: 30 })).events).toBe(0);
  });

  it('the worker keeps one hourly retention schedule in Redis', async () => {
    const connection = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix: process.env.QUEUE_PREFIX });
    try {
      // The maintenance queue also carries the quiet-source check (alerts.watch).
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.filter((s) => s.key === RETENTION_SCHEDULER).map((s) => [s.key, Number(s.every)])).toEqual([
        [RETENTION_SCHEDULER, 3600_000],
      ]);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
