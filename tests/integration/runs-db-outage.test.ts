import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptEvents,
  holdingTarget,
  queueOn,
  sandboxDatabase,
  seedFlow,
  threeCalls,
  type Sandbox,
} from '../helpers/engine-sandbox';
import { freePort, waitFor } from '../helpers/ports';
import { startRedis, startWorker, type Proc } from '../helpers/processes';

// PostgreSQL unreachable for longer than a job's retry budget (BullMQ's 5
// attempts with 1 s exponential backoff give up after ~15 s): the worker must
// ride it out and run every event once the database answers again. The worker
// reaches PostgreSQL through a TCP proxy this test can cut; the test itself
// writes events directly.

/** A TCP proxy to PostgreSQL that can refuse connections and drop the open ones. */
async function pgProxy(target: URL) {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', resolve);
    });
  await open();
  return {
    port,
    open,
    async cut() {
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

let sandbox: Sandbox;
let worker: Proc | undefined;
let redis: Awaited<ReturnType<typeof startRedis>> | undefined;

beforeAll(async () => {
  sandbox = await sandboxDatabase('dbout');
});
afterAll(async () => {
  await worker?.kill('SIGKILL');
  await redis?.kill('SIGKILL');
  await sandbox?.drop();
});

describe('PostgreSQL outage', () => {
  it(
    'events accepted while the worker cannot reach PostgreSQL all run once it is back',
    { timeout: 120_000 },
    async () => {
      redis = await startRedis();
      const q = queueOn(redis.url);
      const target = await holdingTarget(sandbox.db, { holdMs: 0, parents: { b: 'a', c: 'b' } });
      const proxy = await pgProxy(new URL(sandbox.url));
      try {
        const flow = await seedFlow(sandbox.db, threeCalls(target.url));
        const viaProxy = new URL(sandbox.url);
        viaProxy.host = `127.0.0.1:${proxy.port}`;
        worker = startWorker(
          { DATABASE_URL: viaProxy.toString(), REDIS_URL: redis.url, WORKER_CONCURRENCY: '5' },
          'db-outage',
        );

        const before = await acceptEvents(sandbox.db, q.queue, flow, [{ n: 'a' }, { n: 'b' }]);
        await waitFor(
          async () =>
            (await sandbox.db.run.count({ where: { flowId: flow.flowId, status: 'succeeded' } })) === before.length,
          { what: 'runs before the outage' },
        );

        await proxy.cut();
        const during = await acceptEvents(
          sandbox.db,
          q.queue,
          flow,
          Array.from({ length: 8 }, (_, i) => ({ n: String(i) })),
        );
        // Longer than BullMQ would keep retrying a failing job.
        await new Promise((r) => setTimeout(r, 20_000));
        expect(worker.child.exitCode).toBeNull();
        await proxy.open();

        const runs = await waitFor(
          async () => {
            const rows = await sandbox.db.run.findMany({
              where: { flowId: flow.flowId },
              select: { id: true, status: true },
            });
            return rows.length === before.length + during.length && rows.every((r) => r.status === 'succeeded')
              ? rows
              : null;
          },
          { timeoutMs: 60_000, intervalMs: 250, what: 'every event to run after the outage' },
        );
        expect(target.violations).toEqual([]);
        expect(new Set(target.calls.map((c) => c.key)).size).toBe(runs.length * 3);
      } finally {
        await proxy.cut().catch(() => {});
        await target.close();
        await q.close();
      }
    },
  );
});
