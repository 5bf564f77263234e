import { afterAll, describe, expect, it } from 'vitest';
import { callsByEmail, finishedRuns, sendLead, startSink, threeStepGraph } from '../helpers/delivery';
import { sandboxDatabase, seedFlow } from '../helpers/engine-sandbox';
import { poolCounts, startPgBouncer } from '../helpers/pgbouncer';
import { startRedis, startWeb, startWorker } from '../helpers/processes';

// PgBouncer in transaction mode between the app and PostgreSQL, as README
// "Running at scale" documents it: a web and two workers with DATABASE_URL
// through a PgBouncer of this test's own (`pgbouncer=true`, lib/db/pooler.ts)
// and migrations over a direct DATABASE_MIGRATION_URL. Every accepted event of
// the 3-step flow reaches the sink exactly once, and PgBouncer pooled: more
// clients than server connections, every transaction through it.
// CI installs pgbouncer (.ci/run); without it this test fails and says so.

const EVENTS = 300;
const POOL_SIZE = 4;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe('through PgBouncer (pool_mode = transaction)', () => {
  it('delivers every accepted event once with the app pooled by PgBouncer', { timeout: 120_000 }, async () => {
    const sandbox = await sandboxDatabase('pgbouncer');
    cleanups.push(sandbox.drop);
    const direct = new URL(sandbox.url);
    const dbName = direct.pathname.slice(1);
    const server = new URL(sandbox.url);
    server.pathname = '';
    server.search = '';
    const bouncer = await startPgBouncer(server, POOL_SIZE);
    cleanups.push(bouncer.stop);
    const redis = await startRedis();
    cleanups.push(() => redis.kill('SIGKILL'));
    const sink = await startSink();
    cleanups.push(sink.close);

    const env = {
      DATABASE_URL: `${bouncer.url}/${dbName}?pgbouncer=true`,
      DATABASE_MIGRATION_URL: sandbox.url,
      REDIS_URL: redis.url,
      WORKER_CONCURRENCY: '10',
    };
    const workers = [startWorker(env, 'pgbouncer-worker-1'), startWorker(env, 'pgbouncer-worker-2')];
    cleanups.push(() => Promise.all(workers.map((w) => w.kill('SIGKILL'))));
    const web = await startWeb(env);
    cleanups.push(() => web.kill('SIGKILL'));

    const flow = await seedFlow(sandbox.db, threeStepGraph(sink.url));
    const { token } = await sandbox.db.flow.findUniqueOrThrow({ where: { id: flow.flowId }, select: { token: true } });

    // What PgBouncer holds while the load runs (SHOW POOLS on its admin console).
    let peak = { clients: 0, servers: 0 };
    const sample = () =>
      bouncer
        .admin('SHOW POOLS')
        .then((rows) => {
          const now = poolCounts(rows, dbName);
          peak = { clients: Math.max(peak.clients, now.clients), servers: Math.max(peak.servers, now.servers) };
        })
        .catch(() => {});
    const sampler = setInterval(sample, 200);
    cleanups.push(async () => clearInterval(sampler));

    const accepted: string[] = [];
    let next = 0;
    const sender = async () => {
      for (let i = next++; i < EVENTS; i = next++) {
        const email = `pgb-${i}@example.test`;
        if (await sendLead(web.url, token, email)) accepted.push(email);
      }
    };
    await Promise.all(Array.from({ length: 20 }, sender));
    const runs = await finishedRuns(sandbox.db, flow.flowId, accepted.length);
    await sample();
    clearInterval(sampler);

    expect(accepted.length).toBe(EVENTS);
    expect(runs).toEqual({ succeeded: EVENTS });
    const calls = callsByEmail(sink.requests);
    expect(accepted.filter((e) => calls.get(e) !== 1)).toEqual([]);
    expect(sink.requests.length).toBe(EVENTS);

    // Pooled: the three processes' clients shared at most POOL_SIZE server
    // connections, and every transaction of the run went through PgBouncer.
    expect(peak.servers).toBeGreaterThan(0);
    expect(peak.servers).toBeLessThanOrEqual(POOL_SIZE);
    expect(peak.clients).toBeGreaterThan(peak.servers);
    const stats = (await bouncer.admin('SHOW STATS')).find((r) => r.database === dbName);
    expect(Number(stats?.total_xact_count)).toBeGreaterThan(EVENTS);
  });
});
