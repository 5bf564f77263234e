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
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, waitFor } from '../tests/helpers/ports';
import { closedLoop } from './support/closed-loop';
import { threeStepGraph } from '../tests/helpers/fixture';
import { createBench, emitResult, pct, round, seedFlow } from './support/harness';
import { installed, startScript, stopGroup } from './support/start-script';
import { startTarget } from './support/target-server';

const seconds = Number(process.env.BENCH_PGBOUNCER_SECONDS ?? 20);
const poolSize = 20;

if (!installed('pgbouncer')) {
  console.log('pgbouncer: skipped — pgbouncer is not installed (Debian: apt-get install -y pgbouncer)');
  process.exit(0);
}

/** PgBouncer in transaction mode in front of `server` (a postgresql:// URL of the server, no database). */
async function startPgBouncer(server: URL) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-pgbouncer-'));
  const port = await freePort();
  const user = decodeURIComponent(server.username || 'postgres');
  const password = decodeURIComponent(server.password);
  // Every database of the server, as the same user. The ingest's statement
  // timeout, which PgBouncer does not take as a startup parameter, is set on
  // each server connection instead.
  writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432} user=${user}${password ? ` password=${password}` : ''} connect_query='SET statement_timeout = 10000'`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 1000',
      `admin_users = ${user}`,
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'users.txt'), `"${user}" ""\n`);
  // PgBouncer refuses to run as root: then it drops to nobody.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, 65534, 65534);
  const child: ChildProcess = spawn(
    'pgbouncer',
    [...(asRoot ? ['-u', 'nobody'] : []), path.join(dir, 'pgbouncer.ini')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log += c.toString('utf8')));
  const url = `postgresql://${encodeURIComponent(user)}@127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`pgbouncer exited: ${log}`);
      const c = new pg.Client({ connectionString: `${url}/postgres` });
      c.on('error', () => {});
      return c
        .connect()
        .then(() => c.end())
        .then(
          () => true,
          () => false,
        );
    },
    { timeoutMs: 20_000, what: 'pgbouncer to listen' },
  );
  return {
    url,
    version: /PgBouncer ([\d.]+)/.exec(log)?.[1] ?? 'unknown',
    async admin(command: string) {
      const c = new pg.Client({ connectionString: `${url}/pgbouncer` });
      await c.connect();
      try {
        return (await c.query(command)).rows as Record<string, string>[];
      } finally {
        await c.end();
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
const bouncer = await startPgBouncer(server);
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
        const mine = rows.filter((r) => r.database === dbName);
        peakClients = Math.max(
          peakClients,
          mine.reduce((s, r) => s + Number(r.cl_active) + Number(r.cl_waiting), 0),
        );
        peakServers = Math.max(
          peakServers,
          mine.reduce((s, r) => s + Number(r.sv_active) + Number(r.sv_idle) + Number(r.sv_used), 0),
        );
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
