// npm run bench [-- part ...]: the benchmarks, one after another, each on a
// database and Redis key prefix of its own (created and removed by the part).
// Parts: ingest (bench/ingest.ts), e2e (bench/e2e.ts), scale (bench/scale.ts),
// floor (bench/floor.ts), search (bench/search.ts), peer (bench/peer.ts), latency (bench/latency.ts);
// only when named: pgbouncer (bench/pgbouncer.ts), sentinel (bench/sentinel.ts). Each prints its own
// tables; this prints a summary
// table and one JSON line, and records both in bench/results/<date>-<commit>.json
// and .md with the commit and a description of the machine. Prints figures;
// asserts nothing about time.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { resolveServices } from '../lib/boot/resolve-services';
import { DEFAULT_REDIS_SOURCE_URL } from '../lib/env';
import { buildIfNeeded } from '../scripts/build';
import { pgBase, redisUrl, root } from './support/harness';
import { parseOutput, type PartOutput } from './support/parse-output';
import { summarize, summaryMarkdown } from './support/summarize';

const PARTS = [
  { name: 'ingest', file: 'ingest.ts', what: 'webhook ingest, 50 connections × 20 s, worker running and stopped' },
  {
    name: 'e2e',
    file: 'e2e.ts',
    what: '3-step flow: a backlog drained by 1 and 2 workers, and 200/s offered at a constant rate',
  },
  {
    name: 'latency',
    file: 'latency.ts',
    what: 'ack p99 at 50 connections with the worker running (does it keep up?), and 200/s offered open loop: accepted → succeeded',
  },
  {
    name: 'scale',
    file: 'scale.ts',
    what: 'a backlog drained by 1, 2 and 4 worker processes (own process groups, pinned with taskset); RSS; rows and bytes per event',
  },
  { name: 'floor', file: 'floor.ts', what: 'plain Node http server that only inserts the row' },
  {
    name: 'search',
    file: 'search.ts',
    what: 'runs page search (pg_trgm) on 1,000,000 events: by email, by name fragment',
  },
  {
    name: 'peer',
    file: 'peer.ts',
    what: 'Node-RED 4.1 vs Switchboard under the same load, alternating pairs: throughput, latency, memory',
  },
  // Only when named: they start servers of their own (PgBouncer, Redis with Sentinels).
  {
    name: 'pgbouncer',
    file: 'pgbouncer.ts',
    what: 'start:web + 2 start:worker through PgBouncer in transaction mode: runs delivered, none lost',
    optIn: true,
  },
  {
    name: 'sentinel',
    file: 'sentinel.ts',
    what: 'web + worker through Redis Sentinel, SENTINEL FAILOVER under load: nothing accepted lost',
    optIn: true,
  },
];

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !PARTS.some((p) => p.name === a));
if (unknown.length) {
  console.error(`Unknown bench part: ${unknown.join(', ')}. Parts: ${PARTS.map((p) => p.name).join(', ')}.`);
  process.exit(2);
}
const parts = PARTS.filter((p) => (asked.length === 0 && !('optIn' in p)) || asked.includes(p.name));

function runPart(file: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', file)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      process.stdout.write(c);
    });
    // Ctrl-C reaches the part too (same process group); it cleans up its database and keys.
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

async function machine() {
  const cpus = os.cpus();
  const client = new pg.Client({ connectionString: `${pgBase()}/postgres` });
  await client.connect();
  const pgVersion = (await client.query('SHOW server_version')).rows[0].server_version as string;
  await client.end();
  const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  redis.disconnect();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: pgVersion,
    redis: redisVersion,
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

function commit(): { commit: string; dirty: boolean } {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !==
      '';
    return { commit: sha, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

// BENCH_PG_URL / DATABASE_URL and REDIS_URL, else the servers on 127.0.0.1, else the
// embedded ones (a running npm start's, or started for this run); the parts inherit them.
const services = await resolveServices({
  projectDir: root,
  role: 'client',
  database: process.env.BENCH_PG_URL
    ? `${process.env.BENCH_PG_URL.replace(/\/+$/, '')}/postgres`
    : process.env.DATABASE_URL,
  redis: process.env.REDIS_URL,
  redisSourceUrl: process.env.REDIS_SOURCE_URL || DEFAULT_REDIS_SOURCE_URL,
  pathEnv: process.env.PATH,
  log: (line) => console.error(line),
}).catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
process.env.BENCH_PG_URL = services.databaseUrl.replace(/\/[^/]*$/, '');
process.env.REDIS_URL = services.redisUrl;

const startedAt = new Date();
const host = await machine();
// Built once here, so the parts don't each wait on the build lock.
await buildIfNeeded(root);

const outputs: Record<string, PartOutput & { ok: boolean; seconds: number }> = {};
for (const part of parts) {
  const file = path.join(root, 'bench', part.file);
  if (!existsSync(file)) {
    console.log(`\n=== ${part.name}: bench/${part.file} is missing; skipped`);
    continue;
  }
  console.log(`\n=== ${part.name} (bench/${part.file}): ${part.what}`);
  const t0 = Date.now();
  const { code, stdout } = await runPart(part.file);
  outputs[part.name] = { ...parseOutput(stdout), ok: code === 0, seconds: Math.round((Date.now() - t0) / 1000) };
  if (code !== 0) console.log(`=== ${part.name} exited with code ${code}`);
}

const { commit: sha, dirty } = commit();
const summary = summarize(outputs);
const record = {
  startedAt: startedAt.toISOString(),
  commit: sha,
  dirty,
  machine: host,
  parts: Object.fromEntries(
    Object.entries(outputs).map(([k, v]) => [
      k,
      { ok: v.ok, seconds: v.seconds, results: v.results, tables: v.tables },
    ]),
  ),
  summary,
};

// Others' load on the machine makes latencies longer and rates lower than the code's own.
const busy =
  host.loadAverageAtStart[0]! > host.cores
    ? `**Busy machine** (load average ${host.loadAverageAtStart[0]} on ${host.cores} cores at start): latencies here are upper bounds and rates lower bounds; rerun on a quiet machine for the code's own figures.\n\n`
    : '';
const md = summaryMarkdown(summary);
console.log(
  `\n=== Summary (commit ${sha}${dirty ? ', uncommitted changes' : ''}; ${host.cores} cores, ${host.memoryGiB} GiB, node ${host.node}, PostgreSQL ${host.postgres}, Redis ${host.redis})`,
);
console.log(md);
console.log(JSON.stringify({ commit: sha, dirty, machine: host, summary }));

const dir = path.join(root, 'bench/results');
mkdirSync(dir, { recursive: true });
const stamp = startedAt.toISOString().slice(0, 16).replace(/[:T]/g, '-');
const base = path.join(dir, `${stamp}-${sha}${dirty ? '-dirty' : ''}`);
writeFileSync(`${base}.json`, `${JSON.stringify(record, null, 2)}\n`);
const rawTables = Object.entries(outputs)
  .map(([name, o]) => `## ${name}\n\n${o.tables.map((t) => `${t.caption}\n\n${t.markdown}`).join('\n\n')}`)
  .join('\n\n');
writeFileSync(
  `${base}.md`,
  `# Benchmark ${startedAt.toISOString()} — commit ${sha}${dirty ? ' (with uncommitted changes)' : ''}\n\n` +
    `Machine: ${host.cores} × ${host.cpu}, ${host.memoryGiB} GiB, ${host.os}; node ${host.node}; PostgreSQL ${host.postgres}; Redis ${host.redis}; ` +
    `load average at start ${host.loadAverageAtStart.join(' / ')}.\n\n${busy}${md}\n\n${rawTables}\n`,
);
console.log(`\nrecorded: ${path.relative(root, base)}.json and .md`);
await services.stop();
process.exit(Object.values(outputs).every((o) => o.ok) ? 0 : 1);
