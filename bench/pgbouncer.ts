// Through PgBouncer in transaction mode: `npm run bench -- pgbouncer` (not in
// the default bench). Skips, saying so, when pgbouncer is not installed
// (Debian: apt-get install -y pgbouncer).
// Starts a PgBouncer of its own (pool_mode = transaction, on a free port of
// 127.0.0.1) in front of the bench's PostgreSQL, then start:web and two
// start:worker processes with
//   DATABASE_URL=postgresql://…@pgbouncer/db?pgbouncer=true   (lib/db/pooler.ts)
//   DATABASE_MIGRATION_URL=postgresql://…@postgres/db          (direct: migrations)
// and runs the 3-step flow (webhook → CRM → HTTP) under 50 connections, closed
// loop, for BENCH_PGBOUNCER_SECONDS (20). Checks every accepted event reached
// the sink exactly once, and shows first why the settings are needed: named
// prepared statements through the same PgBouncer fail.
import pg from 'pg';
import { pgbouncerBinary, poolCounts, startPgBouncer } from '../tests/helpers/pgbouncer';
import { waitFor } from '../tests/helpers/ports';
import { closedLoop } from './support/closed-loop';
import { threeStepGraph } from '../tests/helpers/fixture';
import { createBench, emitResult, pct, round, seedFlow } from './support/harness';
import { startScript, stopGroup } from './support/start-script';
import { startTarget } from './support/target-server';

const seconds = Number(process.env.BENCH_PGBOUNCER_SECONDS ?? 20);
const poolSize = 20;

if (!pgbouncerBinary()) {
  console.log('pgbouncer: skipped — pgbouncer is not installed (Debian: apt-get install -y pgbouncer)');
  process.exit(0);
}

/** What happens to named (prepared) statements through the pooler: the failures pg reports, if any. */
async function namedStatementsThrough(dbUrl: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 8 });
  pool.on('error', () => {});
  const errors = new Map<string, number>();
  await Promise.all(
    Array.from({ length: 400 }, (_, i) =>
      pool.query({ name: `bench_named_${i % 4}`, text: 'SELECT $1::int AS n', values: [i] }).catch((err: Error) => {
        const key = err.message.replace(/"[^"]*"/, '"…"');
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }),
    ),
  );
  await pool.end();
  return errors.size ? [...errors].map(([m, n]) => `${n} × ${m}`).join('; ') : 'no errors';
}

const bench = await createBench('pgbouncer');
const direct = new URL(bench.dbUrl);
const dbName = direct.pathname.slice(1);
const server = new URL(bench.dbUrl);
server.pathname = '';
const bouncer = await startPgBouncer(server, poolSize);
const target = await startTarget();
const pooledUrl = `${bouncer.url}/${dbName}?pgbouncer=true`;

try {
  const named = await namedStatementsThrough(`${bouncer.url}/${dbName}`);
  const timeoutCheck = new pg.Client({ connectionString: `${bouncer.url}/${dbName}` });
  await timeoutCheck.connect();
  const statementTimeout = (await timeoutCheck.query('SHOW statement_timeout')).rows[0].statement_timeout as string;
  await timeoutCheck.end();

  const { flowId, token } = await seedFlow(bench.client, threeStepGraph(target.url));
  const env = (port: number) =>
    bench.env(port, { DATABASE_URL: pooledUrl, DATABASE_MIGRATION_URL: bench.dbUrl, DATABASE_POOL_MAX: '20' });
  const web = await startScript('web', env);
  const workers = [await startScript('worker', env), await startScript('worker', env)];
  let peakClients = 0;
  let peakServers = 0;
  const poolSampler = setInterval(() => {
    bouncer
      .admin('SHOW POOLS')
      .then((rows) => {
        const { clients, servers } = poolCounts(rows, dbName);
        peakClients = Math.max(peakClients, clients);
        peakServers = Math.max(peakServers, servers);
      })
      .catch(() => {});
  }, 500);
  let seq = 0;
  const load = await closedLoop({
    url: `${web.url}/hooks/${token}`,
    connections: 50,
    seconds,
    body: () => JSON.stringify({ email: `pgb-${seq++}@example.test`, name: 'Ada Lovelace', message: 'Hello' }),
  });
  const t0 = Date.now();
  await waitFor(
    async () => {
      const r = await bench.client.query(
        `SELECT count(*)::int AS n FROM run WHERE "flowId" = $1 AND status IN ('succeeded', 'failed')`,
        [flowId],
      );
      return r.rows[0].n >= load.ok;
    },
    { timeoutMs: 900_000, intervalMs: 500, what: 'the backlog to drain through pgbouncer' },
  );
  clearInterval(poolSampler);
  const runs = (
    await bench.client.query(
      `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS ok, count(*) FILTER (WHERE status = 'failed')::int AS failed,
              extract(epoch FROM max("finishedAt") - min("createdAt"))::float AS s
       FROM run WHERE "flowId" = $1`,
      [flowId],
    )
  ).rows[0] as { ok: number; failed: number; s: number };
  await Promise.all([web, ...workers].map((p) => stopGroup(p.child)));
  const lat = [...load.latenciesMs].sort((a, b) => a - b);
  const result = {
    pgbouncer: bouncer.version,
    poolMode: 'transaction',
    defaultPoolSize: poolSize,
    namedStatementsWithoutSetting: named,
    statementTimeoutThroughPooler: statementTimeout,
    seconds,
    accepted: load.ok,
    non2xx: load.non2xx + load.errors,
    acceptedPerSecond: round(load.ok / seconds),
    ackP99Ms: round(pct(lat, 99), 1),
    succeeded: runs.ok,
    failed: runs.failed,
    runsPerSecond: round((runs.ok + runs.failed) / runs.s),
    drainSecondsAfterLoad: round((Date.now() - t0) / 1000),
    lost: Math.max(0, load.ok - target.keys.size),
    doubled: target.calls() - target.keys.size,
    peakClientConnections: peakClients,
    peakServerConnections: peakServers,
  };
  console.log(
    `\nThrough PgBouncer ${result.pgbouncer} (pool_mode = transaction, default_pool_size ${poolSize}): start:web + 2 start:worker, DATABASE_URL …?pgbouncer=true, DATABASE_MIGRATION_URL direct; 3-step flow, 50 connections × ${seconds} s closed loop`,
  );
  console.log(
    '| accepted | accepted/s | ack p99 ms | non-2xx | runs succeeded | failed | runs/s | lost | doubled | client conns (peak) | server conns (peak) | statement_timeout via pooler |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${result.accepted} | ${result.acceptedPerSecond} | ${result.ackP99Ms} | ${result.non2xx} | ${result.succeeded} | ${result.failed} | ${result.runsPerSecond} | ${result.lost} | ${result.doubled} | ${peakClients} | ${peakServers} | ${statementTimeout} |`,
  );
  console.log(`named prepared statements through the same pooler, without pgbouncer=true: ${named}`);
  emitResult('pgbouncer', result);
  if (result.lost || result.doubled || result.failed || result.non2xx) process.exitCode = 1;
} catch (err) {
  console.error(`bench failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
} finally {
  await target.close();
  await bench.cleanup();
  await bouncer.stop();
}
