import { describe, expect, it } from 'vitest';
import { acceptEvents, holdingTarget, seedFlow, threeCalls, sandboxSuite } from '../helpers/engine-sandbox';
import { waitFor } from '../helpers/ports';
import { startRedis, startWorker } from '../helpers/processes';

// Real worker processes killed, stopped and doubled, and Redis restarted
// empty, while steps are in flight. Every run must end succeeded, every step's
// side effect must reach the target under one idempotency key, and no step may
// be called once its row is marked succeeded (the target checks PostgreSQL on
// every call).

const { sandbox, procs, cleanups, ownRedis } = sandboxSuite('durability');

const parents = { b: 'a', c: 'b' };

async function setup(
  label: string,
  opts: { holdMs: number; n: number; reply?: Parameters<typeof holdingTarget>[1]['reply'] },
) {
  const { redis, q } = await ownRedis();
  const target = await holdingTarget(sandbox.db, { holdMs: opts.holdMs, parents, reply: opts.reply });
  cleanups.push(target.close);
  const flow = await seedFlow(sandbox.db, threeCalls(target.url));
  const worker = (name: string, concurrency = 10) => {
    const p = startWorker(
      { DATABASE_URL: sandbox.url, REDIS_URL: redis.url, WORKER_CONCURRENCY: String(concurrency) },
      `${label}-${name}`,
    );
    procs.push(p);
    return p;
  };
  const send = () =>
    acceptEvents(
      sandbox.db,
      q.queue,
      flow,
      Array.from({ length: opts.n }, (_, n) => ({ n: String(n) })),
    );
  return { redis, target, flow, worker, send };
}

async function allSucceeded(flowId: string, n: number, timeoutMs = 90_000) {
  return waitFor(
    async () => {
      const runs = await sandbox.db.run.findMany({
        where: { flowId },
        select: { id: true, status: true, steps: { select: { nodeId: true, status: true, attempts: true } } },
      });
      return runs.length === n && runs.every((r) => r.status === 'succeeded') ? runs : null;
    },
    { timeoutMs, intervalMs: 250, what: `${n} runs to succeed` },
  );
}

function expectEachStepOnceByKey(target: { calls: { key: string }[]; violations: string[] }, runs: { id: string }[]) {
  expect(target.violations).toEqual([]);
  const expected = runs.flatMap((r) => ['a', 'b', 'c'].map((node) => `run:${r.id}:${node}`)).sort();
  expect([...new Set(target.calls.map((c) => c.key))].sort()).toEqual(expected);
}

describe('durability', () => {
  it('a worker SIGKILLed with steps in flight: another worker finishes every run, no step called after it succeeded', async () => {
    const s = await setup('kill', { holdMs: 400, n: 30 });
    const first = s.worker('first');
    const eventIds = await s.send();
    await waitFor(async () => s.target.calls.length >= 20, { what: 'steps in flight', intervalMs: 20 });
    await first.kill('SIGKILL');
    const inFlightAtKill = await sandbox.db.stepRun.count({
      where: { run: { flowId: s.flow.flowId }, status: 'running' },
    });
    s.worker('second');

    const runs = await allSucceeded(s.flow.flowId, eventIds.length);
    expect(inFlightAtKill).toBeGreaterThan(0);
    expectEachStepOnceByKey(s.target, runs);
    // The steps cut off by the kill were tried again, under the same key.
    expect(s.target.calls.length).toBeGreaterThan(runs.length * 3);
    // One run per event, all of a, b, c succeeded.
    expect(new Set(runs.map((r) => r.id)).size).toBe(eventIds.length);
    for (const r of runs) expect(r.steps.map((x) => x.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('Redis restarted empty mid-run (jobs, delayed retries and all): the sweepers rebuild it from PostgreSQL', async () => {
    // b answers 503 on its first try, so runs also sit in Redis as delayed retries.
    const s = await setup('redis', { holdMs: 150, n: 30, reply: (c, n) => (c.nodeId === 'b' && n === 1 ? 503 : 200) });
    s.worker('only');
    const eventIds = await s.send();
    await waitFor(async () => s.target.calls.filter((c) => c.nodeId === 'b').length >= 10, {
      what: 'retries scheduled',
      intervalMs: 20,
    });
    const port = s.redis.port;
    await s.redis.kill('SIGKILL');
    const restarted = await startRedis(port);
    cleanups.push(() => restarted.kill('SIGKILL'));

    const runs = await allSucceeded(s.flow.flowId, eventIds.length);
    expectEachStepOnceByKey(s.target, runs);
    for (const r of runs) expect(r.steps.find((x) => x.nodeId === 'b')!.attempts).toBeGreaterThanOrEqual(2);
  });

  it('two workers on one queue never run a step twice', async () => {
    const s = await setup('two', { holdMs: 20, n: 40 });
    s.worker('one', 5);
    s.worker('two', 5);
    const eventIds = await s.send();
    const runs = await allSucceeded(s.flow.flowId, eventIds.length);
    expectEachStepOnceByKey(s.target, runs);
    // Nothing crashed, so every step was called exactly once.
    expect(s.target.calls).toHaveLength(eventIds.length * 3);
    for (const r of runs) expect(r.steps.map((x) => x.attempts)).toEqual([1, 1, 1]);
  });

  it('SIGTERM: the worker stops taking jobs, exits 0, and the next worker finishes the runs', async () => {
    const s = await setup('term', { holdMs: 500, n: 20 });
    const first = s.worker('first');
    const eventIds = await s.send();
    await waitFor(async () => s.target.calls.length >= 5, { what: 'steps in flight', intervalMs: 20 });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const done = await sandbox.db.run.count({ where: { flowId: s.flow.flowId, status: 'succeeded' } });
    expect(done).toBeLessThan(eventIds.length);
    s.worker('second');
    const runs = await allSucceeded(s.flow.flowId, eventIds.length);
    expectEachStepOnceByKey(s.target, runs);
  });

  it('a delay does not hold a worker slot: a concurrency-1 worker runs another run meanwhile', async () => {
    const { redis, q } = await ownRedis();
    const target = await holdingTarget(sandbox.db, { holdMs: 0 });
    cleanups.push(target.close);
    const delayed = await seedFlow(sandbox.db, {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {} },
        { id: 'wait', type: 'delay', config: { seconds: 4 } },
        { id: 'after', type: 'http.request', config: { url: `${target.url}/after`, body: {} } },
      ],
      edges: [
        { source: 'trigger', target: 'wait' },
        { source: 'wait', target: 'after' },
      ],
    });
    const quick = await seedFlow(sandbox.db, {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {} },
        { id: 'now', type: 'http.request', config: { url: `${target.url}/now`, body: {} } },
      ],
      edges: [{ source: 'trigger', target: 'now' }],
    });
    procs.push(
      startWorker({ DATABASE_URL: sandbox.url, REDIS_URL: redis.url, WORKER_CONCURRENCY: '1' }, 'delay-worker'),
    );

    const [delayedEvent] = await acceptEvents(sandbox.db, q.queue, delayed, [{}]);
    const waiting = await waitFor(
      () =>
        sandbox.db.run.findFirst({
          where: { eventId: delayedEvent, status: 'waiting' },
          select: { id: true, nextAttemptAt: true },
        }),
      { what: 'the delayed run to wait' },
    );
    const [quickEvent] = await acceptEvents(sandbox.db, q.queue, quick, [{}]);
    await waitFor(() => sandbox.db.run.findFirst({ where: { eventId: quickEvent, status: 'succeeded' } }), {
      what: 'the other run',
    });
    const meanwhile = await sandbox.db.run.findUniqueOrThrow({
      where: { id: waiting.id },
      select: { status: true, steps: { select: { nodeId: true, status: true } } },
    });
    expect(meanwhile.status).toBe('waiting');
    expect(meanwhile.steps).toEqual([{ nodeId: 'wait', status: 'running' }]);

    const done = await waitFor(
      () =>
        sandbox.db.run.findFirst({
          where: { id: waiting.id, status: 'succeeded' },
          select: { finishedAt: true, steps: { select: { nodeId: true, status: true, output: true } } },
        }),
      { what: 'the delayed run to finish' },
    );
    expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(waiting.nextAttemptAt!.getTime());
    expect(done.steps.find((x) => x.nodeId === 'wait')!.output).toMatchObject({ resumedAt: expect.any(String) });
  });
});
