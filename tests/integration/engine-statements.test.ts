import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { startRunForEvent } from '@/lib/engine/drive-run';
import { closeEnginePool, enginePool } from '@/lib/engine/engine-sql';
import { seedFlow } from '../helpers/engine-sandbox';
import { startRecordingServer } from '../helpers/recording-server';

// How many statements the engine sends PostgreSQL per run, counted on its own
// pool in this process (the built-in CRM step's upsert uses that pool too; an
// HTTP step's call reaches no database). Each run is driven here, alone, from its accepted event to its
// end: the run's creation with its lease and the version's graph (read once per
// version; each test's flow is new), then one statement per transition —
// the claims of steps that start together share one, and an outcome goes out
// with the claims it unblocks. The numbers are logged for the README's notes.

let target: Awaited<ReturnType<typeof startRecordingServer>>;
let statements = 0;

beforeAll(async () => {
  target = await startRecordingServer((req) =>
    req.path === '/fail' ? { status: 400, body: { error: 'no' } } : { status: 200, body: { ok: true } },
  );
  const pool = enginePool();
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    statements++;
    return query(...args);
  };
});

afterAll(async () => {
  await target?.close();
  await closeEnginePool();
});

const trigger = { id: 'trigger', type: 'trigger.webhook', config: {} };
const call = (id: string, path = `/${id}`) => ({
  id,
  type: 'http.request',
  config: { url: `${target.url}${path}`, body: { n: '{{ trigger.body.n }}' } },
});
const edges = (pairs: [string, string][]) => pairs.map(([source, target]) => ({ source, target }));

/** Drives one run of `graph` to its end here; its status, step statuses and the statements it took. */
async function oneRun(graph: { nodes: unknown[]; edges: unknown[] }) {
  const flow = await seedFlow(db, graph);
  const ev = await db.event.create({
    data: { ...flow, status: 'accepted', method: 'POST', body: { n: 1 }, query: {}, headers: {} },
    select: { id: true },
  });
  const before = statements;
  await startRunForEvent(ev.id);
  const used = statements - before;
  const run = await db.run.findFirstOrThrow({
    where: { eventId: ev.id, workspaceId: flow.workspaceId },
    select: { status: true, steps: { select: { nodeId: true, status: true } } },
  });
  const steps = Object.fromEntries(run.steps.map((s) => [s.nodeId, s.status]));
  console.info(`engine statements: ${used} for ${JSON.stringify(steps)} → ${run.status}`);
  return { status: run.status, steps, used };
}

describe('statements per run', () => {
  it('a chain of three calls: its creation, then a claim and an outcome per step, the last with the end', async () => {
    const r = await oneRun({
      nodes: [trigger, call('a'), call('b'), call('c')],
      edges: edges([
        ['trigger', 'a'],
        ['a', 'b'],
        ['b', 'c'],
      ]),
    });
    expect(r.status).toBe('succeeded');
    expect(r.steps).toEqual({ a: 'succeeded', b: 'succeeded', c: 'succeeded' });
    // Creation + graph + claim a + (a done, claim b) + (b done, claim c) + (c done, finished).
    expect(r.used).toBe(6);
  });

  it('two branches, one failing: the other runs on, and the run fails at the end', async () => {
    const r = await oneRun({
      nodes: [trigger, call('a'), call('b', '/fail'), call('c')],
      edges: edges([
        ['trigger', 'a'],
        ['a', 'b'],
        ['trigger', 'c'],
      ]),
    });
    expect(r.status).toBe('failed');
    expect(r.steps).toEqual({ a: 'succeeded', b: 'failed', c: 'succeeded' });
    // Creation + graph + claims of a and c together, then one per outcome (b's claim goes
    // with a's outcome; b's failure ends the run): 6, or 5 when a's and c's outcomes share one.
    expect(r.used).toBeGreaterThanOrEqual(5);
    expect(r.used).toBeLessThanOrEqual(6);
  });

  it('a local step starts without its own write', async () => {
    const r = await oneRun({
      nodes: [
        trigger,
        { id: 'contact', type: 'crm.upsertContact', config: { email: 'n{{ trigger.body.n }}@example.com' } },
        call('a'),
      ],
      edges: edges([
        ['trigger', 'contact'],
        ['contact', 'a'],
      ]),
    });
    expect(r.status).toBe('succeeded');
    // Creation + graph + the contact's upsert (it starts at once, its row unwritten)
    // + (contact done, claim a) + (a done, finished).
    expect(r.used).toBe(5);
  });
});
