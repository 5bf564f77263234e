// End-to-end run benchmark: `npm run bench -- e2e` (or `node --import tsx bench/e2e.ts`).
// The issue's 3-step flow — webhook → built-in CRM upsert → HTTP call to a
// local server — on a database and Redis key prefix of its own, everything on
// this machine. Prints figures; asserts nothing about time.
//
// 1. Throughput: a backlog of events is accepted through the webhook with no
//    worker running, then 1 (and then 2) worker processes drain it: runs/s.
// 2. Latency: events offered at a constant arrival rate (200/s, evenly spaced:
//    support/constant-rate.ts) with the workers running;
//    accepted (event.receivedAt) → succeeded (run.finishedAt), p50/p99, and
//    where that time goes (queue wait, each step, the gaps between).
//
// Options (env): BENCH_BACKLOG (8000), BENCH_RATE (200), BENCH_SECONDS (20),
// BENCH_WARMUP_SECONDS (10, offered at the same rate before measuring),
// BENCH_CONCURRENCY (worker concurrency, 100: the default), BENCH_WORKERS ("1,2"),
// BENCH_WORKER_NODE_FLAGS / BENCH_WEB_NODE_FLAGS (extra node flags, e.g. "--cpu-prof"),
// BENCH_TIMELINE=1 (latency per second of the offer, on stderr).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import pg from 'pg';
import { deleteRedisPrefix, dropDatabase } from '../scripts/support/scratch';
import { applyMigrations } from '../lib/db/migrate';
import { uuid7 } from '../lib/db/uuid7';
import { buildIfNeeded } from '../scripts/build';
import { freePort, waitFor } from '../tests/helpers/ports';
import { processGroup } from './support/child-processes';
import { bundleEntry, bundleNodeArgs } from '../scripts/bundle';
import { constantRate } from './support/constant-rate';
import { seedFlow } from './support/harness';
import { threeStepGraph } from '../tests/helpers/fixture';
import { startTarget } from './support/target-server';

const root = path.resolve(import.meta.dirname, '..');
const backlog = Number(process.env.BENCH_BACKLOG ?? 8000);
const rate = Number(process.env.BENCH_RATE ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const concurrency = process.env.BENCH_CONCURRENCY ?? '100';
const workerCounts = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
/** Extra node flags for the worker processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
const workerFlags = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const webFlags = (process.env.BENCH_WEB_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const pgBase = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const id = randomBytes(4).toString('hex');
const dbName = `switchboard_bench_e2e_${id}`;
const prefix = `sbbench-e2e-${id}`;

const { start, stop, stopAll } = processGroup(root);
let webArgs: string[] = [];
let workerArgs: string[] = [];

/** CPU time (ms) a process has used so far, from /proc (Linux). */
function cpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

/** CPU of the PostgreSQL backends serving this benchmark's database, per backend pid. */
async function pgCpu(client: pg.Client): Promise<Map<number, number>> {
  const r = await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
    dbName,
  ]);
  return new Map(r.rows.map((x: { pid: number }) => [x.pid, cpuMs(x.pid)]));
}
const pgDelta = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)}` : '-');

let seq = 0;
const leadBody = () =>
  JSON.stringify({ email: `lead-${id}-${seq++}@example.test`, name: 'Ada Lovelace', message: 'Hello' });

function offer(url: string, opts: { amount?: number; overallRate?: number; duration?: number; connections: number }) {
  return autocannon({
    url,
    method: 'POST',
    connections: opts.connections,
    ...(opts.amount ? { amount: opts.amount } : {}),
    ...(opts.duration ? { duration: opts.duration } : {}),
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    headers: { 'content-type': 'application/json' },
    // A new lead each time, as a form would send (one contact row per event).
    requests: [
      {
        setupRequest: (req: any) => ({ ...req, body: leadBody() }),
      },
    ],
  });
}

async function counts(client: pg.Client, flowId: string) {
  const r = await client.query(
    `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS ok, count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*)::int AS total
     FROM run WHERE "flowId" = $1`,
    [flowId],
  );
  return r.rows[0] as { ok: number; failed: number; total: number };
}

async function main() {
  const dbUrl = `${pgBase}/${dbName}`;
  await applyMigrations(dbUrl);
  await buildIfNeeded(root);
  // As npm start runs them: both entries bundled (scripts/bundle.ts).
  webArgs = bundleNodeArgs('web', await bundleEntry(root, 'web'));
  workerArgs = bundleNodeArgs('worker', await bundleEntry(root, 'worker'));
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    APP_SECRET: process.env.APP_SECRET ?? 'bench-secret-0123456789-0123456789-0123456789',
    OUTBOUND_ALLOW_PRIVATE: 'true',
    WORKER_CONCURRENCY: concurrency,
    LOG_LEVEL: 'warn',
  };
  const target = await startTarget();
  const client = new pg.Client({ connectionString: dbUrl });
  client.on('error', () => {});
  await client.connect();

  // The issue's 3-step flow: webhook → CRM upsert → HTTP call to the local target.
  const { flowId, token } = await seedFlow(client, threeStepGraph(target.url));

  const web = start([...webFlags, ...webArgs], env);
  await waitFor(async () => (await fetch(`${env.APP_URL}/api/health`).catch(() => null))?.ok, {
    timeoutMs: 60_000,
    what: 'the web process',
  });
  const url = `${env.APP_URL}/hooks/${token}`;

  console.log(
    `\nEnd-to-end runs: webhook → crm.upsertContact → http.request (local server); worker concurrency ${concurrency}`,
  );
  console.log('\n1) Throughput: drain a backlog accepted while no worker ran');
  console.log(
    '| workers | runs | seconds | runs/s | failed | worker CPU ms/run | PostgreSQL CPU ms/run (worker side) | web CPU ms/event | PostgreSQL CPU ms/event (ingest) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  const budgets: { n: number; total: number }[] = [];
  for (const n of workerCounts) {
    const before = await counts(client, flowId);
    const web0 = cpuMs(web.pid!);
    const pgIngest0 = await pgCpu(client);
    const accepted = await offer(url, { amount: backlog, connections: 50 });
    const webPerEvent = (cpuMs(web.pid!) - web0) / accepted['2xx'];
    const pgPerEvent = pgDelta(pgIngest0, await pgCpu(client)) / accepted['2xx'];
    const pg0 = await pgCpu(client);
    const workers = Array.from({ length: n }, () => start([...workerFlags, ...workerArgs], env));
    // Worker CPU counts from the first run created: start-up (loading modules) is not per run.
    await waitFor(async () => (await counts(client, flowId)).total > before.total, {
      timeoutMs: 60_000,
      intervalMs: 10,
      what: 'the first run',
    });
    const worker0 = workers.reduce((sum, w) => sum + cpuMs(w.pid!), 0);
    const expected = before.total + accepted['2xx'];
    // Measured from the first run created to the last one finished, so worker start-up is not counted.
    await waitFor(
      async () => {
        const c = await counts(client, flowId);
        return c.ok + c.failed >= expected;
      },
      {
        timeoutMs: 600_000,
        intervalMs: 200,
        what: 'the backlog to drain',
      },
    );
    const r = await client.query(
      `SELECT extract(epoch FROM max("finishedAt") - min("createdAt"))::float AS s, count(*)::int AS n, count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM (SELECT * FROM run WHERE "flowId" = $1 ORDER BY id DESC LIMIT $2) x`,
      [flowId, accepted['2xx']],
    );
    const { s, n: runs, failed } = r.rows[0] as { s: number; n: number; failed: number };
    const workerPerRun = (workers.reduce((sum, w) => sum + cpuMs(w.pid!), 0) - worker0) / runs;
    const pgPerRun = pgDelta(pg0, await pgCpu(client)) / runs;
    console.log(
      `| ${n} | ${runs} | ${s.toFixed(2)} | ${(runs / s).toFixed(0)} | ${failed} | ${workerPerRun.toFixed(2)} | ${pgPerRun.toFixed(2)} | ${webPerEvent.toFixed(2)} | ${pgPerEvent.toFixed(2)} |`,
    );
    budgets.push({ n, total: workerPerRun + pgPerRun + webPerEvent + pgPerEvent });
    await Promise.all(workers.map(stop));
  }

  for (const b of budgets) {
    console.log(
      `CPU per run, ${b.n} worker(s), ingest + engine + their PostgreSQL work: ${b.total.toFixed(2)} ms → at most ~${(2000 / b.total).toFixed(0)} runs/s on 2 idle cores (Redis and the target not counted)`,
    );
  }

  console.log(
    `\n2) Latency at ${rate} events/s offered at a constant arrival rate for ${seconds} s, after ${warmupSeconds} s of warm-up (accepted → run succeeded)`,
  );
  console.log('| workers | offered | accepted | succeeded | p50 ms | p90 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|---|---|---|');
  const breakdowns: string[] = [];
  const steadyCpu: string[] = [];
  for (const n of workerCounts) {
    const workers = Array.from({ length: n }, () => start([...workerFlags, ...workerArgs], env));
    // Measured warm, as a service runs: the workers start (module loading takes
    // a few CPU-seconds), then a warm-up at the same rate, not counted, drains.
    const warmFrom = uuid7();
    await constantRate({ url, rate, seconds: warmupSeconds, body: leadBody });
    await waitFor(
      async () => {
        const r = await client.query(
          `SELECT count(*) FILTER (WHERE r.status IN ('succeeded','failed'))::int AS done, count(*)::int AS total FROM event e LEFT JOIN run r ON r."originKey" = e.id::text WHERE e."flowId" = $1 AND e.id > $2::uuid`,
          [flowId, warmFrom],
        );
        return r.rows[0].done === r.rows[0].total;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the warm-up runs to finish' },
    );
    const mark = uuid7();
    const cpu0 = {
      web: cpuMs(web.pid!),
      workers: workers.reduce((sum, w) => sum + cpuMs(w.pid!), 0),
      pg: await pgCpu(client),
    };
    const res = await constantRate({ url, rate, seconds, body: leadBody });
    if (res.non2xx || res.errors) console.error(`  (${res.non2xx} non-2xx answers, ${res.errors} errors)`);
    await waitFor(
      async () => {
        const r = await client.query(
          `SELECT count(*) FILTER (WHERE r.status IN ('succeeded','failed'))::int AS done, count(*)::int AS total FROM event e LEFT JOIN run r ON r."originKey" = e.id::text WHERE e."flowId" = $1 AND e.id > $2::uuid`,
          [flowId, mark],
        );
        return r.rows[0].done === r.rows[0].total;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the offered runs to finish' },
    );
    steadyCpu.push(
      `| ${n} | ${((cpuMs(web.pid!) - cpu0.web) / res.ok).toFixed(2)} | ${((workers.reduce((sum, w) => sum + cpuMs(w.pid!), 0) - cpu0.workers) / res.ok).toFixed(2)} | ${(pgDelta(cpu0.pg, await pgCpu(client)) / res.ok).toFixed(2)} |`,
    );
    const rows = (
      await client.query(
        `SELECT extract(epoch FROM r."finishedAt" - e."receivedAt") * 1000 AS total,
                extract(epoch FROM r."createdAt" - e."receivedAt") * 1000 AS pickup,
                extract(epoch FROM l."finishedAt" - l."startedAt") * 1000 AS crm,
                extract(epoch FROM h."startedAt" - l."finishedAt") * 1000 AS gap,
                extract(epoch FROM h."finishedAt" - h."startedAt") * 1000 AS http,
                extract(epoch FROM l."startedAt" - r."createdAt") * 1000 AS start,
                r.status::text AS status,
                floor(extract(epoch FROM e."receivedAt" - min(e."receivedAt") OVER ()))::int AS second
         FROM event e JOIN run r ON r."originKey" = e.id::text
         JOIN step_run l ON l."runId" = r.id AND l."nodeId" = 'lead'
         JOIN step_run h ON h."runId" = r.id AND h."nodeId" = 'notify'
         WHERE e."flowId" = $1 AND e.id > $2::uuid`,
        [flowId, mark],
      )
    ).rows as {
      total: number;
      pickup: number;
      crm: number;
      gap: number;
      http: number;
      start: number;
      status: string;
      second: number;
    }[];
    if (process.env.BENCH_TIMELINE) {
      // Per second of the offer: p50 / p99 accepted → succeeded (is it steady, or one bad stretch?).
      const bySecond = new Map<number, number[]>();
      for (const r of rows) bySecond.set(r.second, [...(bySecond.get(r.second) ?? []), Number(r.total)]);
      const line = [...bySecond]
        .sort(([a], [b]) => a - b)
        .map(([sec, v]) => {
          v.sort((a, b) => a - b);
          return `${sec}s ${ms(pct(v, 50))}/${ms(pct(v, 99))}`;
        });
      console.error(`  timeline (p50/p99 ms per second): ${line.join(' · ')}`);
    }
    const col = (k: keyof (typeof rows)[number]) => rows.map((r) => Number(r[k])).sort((a, b) => a - b);
    const total = col('total');
    const ok = rows.filter((r) => r.status === 'succeeded').length;
    console.log(
      `| ${n} | ${rate * seconds} | ${res.ok} | ${ok} | ${ms(pct(total, 50))} | ${ms(pct(total, 90))} | ${ms(pct(total, 99))} | ${ms(total.at(-1)!)} |`,
    );
    breakdowns.push(
      `| ${n} | ${['pickup', 'start', 'crm', 'gap', 'http'].map((k) => `${ms(pct(col(k as never), 50))} / ${ms(pct(col(k as never), 99))}`).join(' | ')} |`,
    );
    await Promise.all(workers.map(stop));
  }
  console.log('\nWhere the time goes (p50 / p99 ms): pickup = accepted → run created (web commit, Redis, job fetch);');
  console.log(
    'start = run created → CRM step started (a local step: no write before it); gap = CRM succeeded → HTTP step running (one write).',
  );
  console.log('| workers | pickup | start | crm step | gap | http step |');
  console.log('|---|---|---|---|---|---|');
  for (const b of breakdowns) console.log(b);
  console.log(
    `\nCPU per event at ${rate}/s, warm (ms; PostgreSQL = every backend of this database, ingest and engine)`,
  );
  console.log('| workers | web | worker(s) | PostgreSQL |');
  console.log('|---|---|---|---|');
  for (const c of steadyCpu) console.log(c);

  const c = await counts(client, flowId);
  const events = Number(
    (await client.query(`SELECT count(*)::int AS n FROM event WHERE "flowId" = $1 AND status = 'accepted'`, [flowId]))
      .rows[0].n,
  );
  console.log(
    `\naccepted events: ${events}; runs: ${c.total} (succeeded ${c.ok}, failed ${c.failed}); target calls: ${target.calls()}, distinct idempotency keys: ${target.keys.size}`,
  );
  await client.end();
  target.close();
  await stop(web);
}

async function cleanup() {
  await stopAll();
  await dropDatabase(pgBase, dbName).catch(() => {});
  await deleteRedisPrefix(redisUrl, prefix);
}

try {
  await main();
} catch (err) {
  console.error(`bench failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
