import { afterAll, describe, expect, it } from 'vitest';
import { callsByEmail, finishedRuns, sendLead, startSink, threeStepGraph } from '../helpers/delivery';
import { sandboxDatabase, seedFlow } from '../helpers/engine-sandbox';
import { waitFor } from '../helpers/ports';
import { startWeb, startWorker } from '../helpers/processes';
import { redisClient, startSentinels } from '../helpers/sentinel';

// Redis through Sentinel, as README "Running at scale" documents it: a master,
// a replica and three Sentinels of this test's own; a web and a worker with
// REDIS_SENTINELS / REDIS_SENTINEL_NAME and a REDIS_URL whose host does not
// resolve (only the Sentinels lead them to Redis, lib/queue/sentinel.ts). A
// steady stream of events, SENTINEL FAILOVER in the middle of it, more events
// after: every accepted event reaches the sink exactly once, and both
// processes keep serving on the promoted replica.

const BEFORE = 120;
const AFTER = 120;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe('through Redis Sentinel', () => {
  it('delivers every accepted event once across a SENTINEL FAILOVER', { timeout: 120_000 }, async () => {
    const sandbox = await sandboxDatabase('sentinel');
    cleanups.push(sandbox.drop);
    const topo = await startSentinels('sb');
    cleanups.push(topo.stop);
    const sink = await startSink();
    cleanups.push(sink.close);

    const env = {
      DATABASE_URL: sandbox.url,
      REDIS_URL: 'redis://sentinel-master.invalid:6379',
      REDIS_SENTINELS: topo.sentinelsEnv,
      REDIS_SENTINEL_NAME: topo.name,
      WORKER_CONCURRENCY: '10',
    };
    const worker = startWorker(env, 'sentinel-worker');
    cleanups.push(() => worker.kill('SIGKILL'));
    const web = await startWeb(env);
    cleanups.push(() => web.kill('SIGKILL'));

    const flow = await seedFlow(sandbox.db, threeStepGraph(sink.url));
    const { token } = await sandbox.db.flow.findUniqueOrThrow({ where: { id: flow.flowId }, select: { token: true } });

    // A steady stream from 4 senders, each pausing 20 ms between events,
    // until AFTER events were accepted after the new master was named.
    const accepted: string[] = [];
    let refused = 0;
    let afterFailover = -1;
    let seq = 0;
    let stopped = false;
    const sender = async () => {
      while (!stopped && (afterFailover < 0 || accepted.length < afterFailover + AFTER)) {
        const email = `sentinel-${seq++}@example.test`;
        if (await sendLead(web.url, token, email)) accepted.push(email);
        else refused++;
        if (refused > 1000) throw new Error('the web process keeps refusing events');
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const failover = waitFor(async () => accepted.length >= BEFORE, { timeoutMs: 60_000, what: 'events before' })
      .then(() => topo.failover())
      .then((port) => {
        afterFailover = accepted.length;
        return port;
      });
    const senders = Promise.all(Array.from({ length: 4 }, sender));
    const newMaster = await failover.finally(() => (stopped = afterFailover < 0));
    await senders;

    expect(newMaster).toBe(topo.replica);
    const runs = await finishedRuns(sandbox.db, flow.flowId, accepted.length);
    expect(runs).toEqual({ succeeded: accepted.length });
    const calls = callsByEmail(sink.requests);
    expect(accepted.filter((e) => calls.get(e) !== 1)).toEqual([]);
    expect([...calls.values()].filter((n) => n !== 1)).toEqual([]);

    // Still serving, on the promoted replica: health answers with Redis up,
    // and one more event runs through it (BullMQ's scripts are counted there).
    const health = await fetch(`${web.url}/api/health`);
    expect(await health.json()).toMatchObject({ ok: true, redis: 'up' });
    const promoted = redisClient(topo.replica);
    await promoted.connect();
    try {
      expect(await promoted.call('ROLE').then((r) => (r as string[])[0])).toBe('master');
      const scriptCalls = async () =>
        [...(await promoted.info('commandstats')).matchAll(/^cmdstat_(?:evalsha|eval|fcall):calls=(\d+)/gm)].reduce(
          (sum, m) => sum + Number(m[1]),
          0,
        );
      const before = await scriptCalls();
      expect(await sendLead(web.url, token, 'sentinel-last@example.test')).toBe(true);
      expect(await finishedRuns(sandbox.db, flow.flowId, accepted.length + 1)).toEqual({
        succeeded: accepted.length + 1,
      });
      expect(await scriptCalls()).toBeGreaterThan(before);
    } finally {
      promoted.disconnect();
    }
  });
});
