import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { closeEnginePool } from '@/lib/engine/engine-sql';
import { writeTransition, type StepRow } from '@/lib/engine/run-writes';
import { uuid7 } from '@/lib/db/uuid7';

// The engine's batched writes against the real database: transitions of
// several runs issued in one turn share a statement, yet each stays
// conditional on its own lease, and one bad item does not fail the others.

let workspaceId: string;
let base: { flowId: string; eventId: string; flowVersionId: string };

async function newRun(token: string) {
  const id = uuid7();
  await db.run.create({
    data: {
      id,
      workspaceId,
      ...base,
      status: 'running',
      originKey: `test:${id}`,
      leaseToken: token,
      leaseUntil: new Date(Date.now() + 60_000),
    },
  });
  return id;
}

const row = (nodeId: string, patch: Partial<StepRow> = {}): StepRow => ({
  id: uuid7(),
  nodeId,
  type: 'http.request',
  status: 'running',
  attempts: 1,
  output: null,
  error: null,
  nextAttemptAt: null,
  startedAt: new Date(),
  finishedAt: null,
  ...patch,
});

beforeAll(async () => {
  const ws = await db.workspace.create({ data: { name: 'writes' }, select: { id: true } });
  workspaceId = ws.id;
  const graph = { nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }], edges: [] };
  const flow = await db.flow.create({
    data: {
      workspaceId,
      name: 'w',
      token: randomBytes(18).toString('base64url'),
      draftGraph: graph,
      publishedVersion: 1,
      status: 'live',
    },
    select: { id: true },
  });
  const v = await db.flowVersion.create({
    data: { workspaceId, flowId: flow.id, version: 1, graph },
    select: { id: true },
  });
  const e = await db.event.create({
    data: { workspaceId, flowId: flow.id, status: 'accepted', body: {} },
    select: { id: true },
  });
  base = { flowId: flow.id, eventId: e.id, flowVersionId: v.id };
});
afterAll(async () => {
  await db.workspace.delete({ where: { id: workspaceId } });
  await closeEnginePool();
});

describe('writeTransition', () => {
  it('writes nothing for a job whose lease was taken over, even in the same statement as the new holder', async () => {
    const runId = await newRun('current');
    const [stale, current] = await Promise.all([
      writeTransition(runId, 'stale', [row('x', { status: 'succeeded', output: { from: 'stale' } })], {
        status: 'succeeded',
        finishedAt: new Date(),
        release: true,
      }),
      writeTransition(runId, 'current', [row('y')], { status: 'running' }),
    ]);
    expect(stale).toEqual({ leased: false, written: new Set() });
    expect(current).toEqual({ leased: true, written: new Set(['y']) });
    const steps = await db.stepRun.findMany({ where: { runId }, select: { nodeId: true, status: true } });
    expect(steps).toEqual([{ nodeId: 'y', status: 'running' }]);
    expect(await db.run.findUnique({ where: { id: runId }, select: { status: true, leaseToken: true } })).toEqual({
      status: 'running',
      leaseToken: 'current',
    });
  });

  it('never changes a succeeded step, and releases the lease when asked', async () => {
    const runId = await newRun('t');
    await writeTransition(
      runId,
      't',
      [row('a', { status: 'succeeded', output: { v: 1 }, finishedAt: new Date() })],
      {},
    );
    const again = await writeTransition(runId, 't', [row('a', { status: 'running', attempts: 2 })], {
      status: 'succeeded',
      finishedAt: new Date(),
      release: true,
    });
    expect(again).toEqual({ leased: true, written: new Set() });
    expect(
      await db.stepRun.findFirst({
        where: { runId, nodeId: 'a' },
        select: { status: true, attempts: true, output: true },
      }),
    ).toEqual({ status: 'succeeded', attempts: 1, output: { v: 1 } });
    expect(
      await db.run.findUnique({ where: { id: runId }, select: { status: true, leaseToken: true, leaseUntil: true } }),
    ).toEqual({ status: 'succeeded', leaseToken: null, leaseUntil: null });
  });

  it('stores outputs holding NUL characters, and one bad item does not fail the rest of its batch', async () => {
    const [r1, r2] = [await newRun('a'), await newRun('b')];
    const [bad, good] = await Promise.allSettled([
      writeTransition(r1, 'a', [row('x', { status: 'bogus' as never })], {}),
      writeTransition(r2, 'b', [row('y', { status: 'succeeded', output: { text: 'a\u0000b' } })], {}),
    ]);
    expect(bad.status).toBe('rejected');
    expect(good).toEqual({ status: 'fulfilled', value: { leased: true, written: new Set(['y']) } });
    // NUL is replaced (not silently dropped), with the storable() note saying so.
    expect(
      (await db.stepRun.findFirst({ where: { runId: r2, nodeId: 'y' }, select: { output: true } }))!.output,
    ).toEqual({
      text: 'a\ufffdb',
      _storage: expect.objectContaining({ cleaned: true, truncated: false }),
    });
  });
});
