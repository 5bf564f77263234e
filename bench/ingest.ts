// Webhook ingest benchmark: `npm run bench` (or `node --import tsx bench/ingest.ts`).
// Starts a web process (web/main.ts) and a worker against a database and Redis
// key prefix of its own, then drives POST /hooks/{token} with autocannon at 50
// connections: with the worker running at the same CPU priority (it creates
// and runs every event's run meanwhile), with the worker at nice 10 (as
// `npm start` runs it next to the web process), and with no worker. Prints accepted/s, ack latency
// p50/p99, non-2xx, web RSS, and checks every 2xx event is in PostgreSQL.
// Prints figures; asserts nothing about time.
//
// Options (env): BENCH_SECONDS (20), BENCH_CONNECTIONS (50), BENCH_PATH
// ("ingest" = web/main.ts, "next" = plain `next start`, to compare).
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, setPriority } from 'node:os';
import path from 'node:path';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import pg from 'pg';
import { deleteRedisPrefix, dropDatabase } from '../scripts/support/scratch';
import { applyMigrations } from '../lib/db/migrate';
import { buildIfNeeded } from '../scripts/build';
import { bundleEntry, bundleNodeArgs } from '../scripts/bundle';
import { freePort, waitFor } from '../tests/helpers/ports';
import { processGroup } from './support/child-processes';
import { seedFlow } from './support/harness';

const root = path.resolve(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const mode = process.env.BENCH_PATH === 'next' ? 'next' : 'ingest';
const pgBase = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const id = randomBytes(4).toString('hex');
const dbName = `switchboard_bench_${id}`;
const prefix = `sbbench-${id}`;

type Result = {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  rssMiB: number;
  webCpuMsPerReq: number;
};

const { start, stop, stopAll } = processGroup(root);

/** CPU time (user + system) a process has used, in ms. */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};

const rssMiB = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
};

async function drive(label: string, url: string, web: ChildProcess): Promise<Result> {
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(web.pid!))), 250);
  const cpuBefore = cpuMs(web.pid!);
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      message: 'Hello from the contact form',
      consent: true,
    }),
  });
  clearInterval(sampler);
  const requests = r['2xx'] + r.non2xx;
  return {
    webCpuMsPerReq: requests ? (cpuMs(web.pid!) - cpuBefore) / requests : 0,
    label,
    rps: r['2xx'] / seconds,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    rssMiB: Math.max(peak, rssMiB(web.pid!)),
  };
}

async function main() {
  const loadBefore = loadavg();
  const dbUrl = `${pgBase}/${dbName}`;
  await applyMigrations(dbUrl);
  await buildIfNeeded(root);
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    APP_SECRET: process.env.APP_SECRET ?? 'bench-secret-0123456789-0123456789-0123456789',
    LOG_LEVEL: 'warn',
  };

  // A live flow whose graph is just its webhook trigger: each run is created,
  // driven and finished by the worker while the benchmark runs.
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const { flowId, token } = await seedFlow(client, {
    nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }],
    edges: [],
  });

  const webArgs =
    mode === 'next'
      ? [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)]
      : bundleNodeArgs('web', await bundleEntry(root, 'web'));
  const web = start(webArgs, env);
  const workerArgs = bundleNodeArgs('worker', await bundleEntry(root, 'worker'));
  const startWorker = () => start(workerArgs, env);
  let worker = startWorker();
  await waitFor(async () => (await fetch(`${env.APP_URL}/api/health`).catch(() => null))?.ok, {
    timeoutMs: 60_000,
    what: 'the web process',
  });
  const url = `${env.APP_URL}/hooks/${token}`;
  const idleRss = rssMiB(web.pid!);

  await autocannon({
    url,
    connections: 10,
    duration: 3,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"warm":true}',
  });
  const results: Result[] = [];
  results.push(await drive('worker running', url, web));
  await stop(worker);
  worker = startWorker();
  setPriority(worker.pid!, 10);
  results.push(await drive('worker running, nice 10', url, web));
  const backlogAfterRun = await queuedBacklog(client);
  await stop(worker);
  results.push(await drive('worker stopped', url, web));

  const stored = Number(
    (await client.query(`SELECT count(*) FROM event WHERE "flowId" = $1 AND status = 'accepted'`, [flowId])).rows[0]
      .count,
  );
  const runs = Number((await client.query(`SELECT count(*) FROM run WHERE "flowId" = $1`, [flowId])).rows[0].count);
  const acked = results.reduce((n, r) => n + r.ok, 0);

  console.log(
    `\nWebhook ingest (${mode === 'next' ? 'Next.js route via next start' : 'web/main.ts ingest server'}), ${connections} connections, ${seconds} s each, trigger-only live flow`,
  );
  console.log('| case | accepted/s | p50 ms | p99 ms | 2xx | non-2xx | errors | web RSS MiB | web CPU ms/request |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.label} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.ok} | ${r.non2xx} | ${r.errors} | ${r.rssMiB.toFixed(0)} | ${r.webCpuMsPerReq.toFixed(3)} |`,
    );
  }
  // The machine may be shared: the load average says how much of it the bench had.
  console.log(
    `load average before/after: ${loadBefore.map((l) => l.toFixed(1)).join(' ')} / ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} cores)`,
  );
  console.log(`web RSS idle: ${idleRss.toFixed(0)} MiB`);
  console.log(
    `2xx answers measured: ${acked}; accepted events in PostgreSQL: ${stored} (with warm-up); runs created: ${runs}`,
  );
  console.log(`events without a run (backlog) when the niced worker was stopped: ${backlogAfterRun}`);
  console.log(`every acknowledged event stored: ${stored >= acked ? 'yes' : 'NO'}`);
  const data = {
    mode,
    connections,
    seconds,
    loadavgBefore: loadBefore,
    loadavgAfter: loadavg(),
    idleRssMiB: Math.round(idleRss),
    stored,
    acked,
    allStored: stored >= acked,
    cases: results,
  };
  console.log(`BENCH_RESULT ${JSON.stringify({ part: 'ingest', data })}`);

  await client.end();
  await stop(web);
}

async function queuedBacklog(client: pg.Client): Promise<number> {
  const r = await client.query(
    `SELECT count(*) FROM event e WHERE e.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM run r WHERE r."originKey" = e.id::text)`,
  );
  return Number(r.rows[0].count);
}

async function cleanup() {
  await stopAll();
  await dropDatabase(pgBase, dbName).catch(() => {});
  await deleteRedisPrefix(redisUrl, prefix);
}

try {
  await main();
} finally {
  await cleanup();
}
