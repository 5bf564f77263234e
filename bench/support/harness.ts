// Shared plumbing of the benchmarks in bench/ that live with the orchestrator
// (scale.ts, floor.ts): a database and Redis key prefix of their own, a seeded
// live flow, the app's processes, RSS sampling and cleanup. Nothing here is
// left behind on the machine: the database is dropped and the prefix's keys
// deleted, whatever happens.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { deleteRedisPrefix, dropDatabase } from '../../scripts/support/scratch';
import { applyMigrations } from '../../lib/db/migrate';
import { uuid7 } from '../../lib/db/uuid7';
import { bundleEntry, bundleNodeArgs, type Entry } from '../../scripts/bundle';
import { freePort, waitFor } from '../../tests/helpers/ports';

export const root = path.resolve(import.meta.dirname, '../..');

/** Server part of DATABASE_URL (or BENCH_PG_URL): the benchmarks create databases of their own there. */
export function pgBase(): string {
  if (process.env.BENCH_PG_URL) return process.env.BENCH_PG_URL.replace(/\/+$/, '');
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '';
    u.search = '';
    return u.toString().replace(/\/+$/, '');
  }
  return 'postgresql://postgres@127.0.0.1:5432';
}
export const redisUrl = () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Bench = {
  dbUrl: string;
  prefix: string;
  client: pg.Client;
  env: (port: number, extra?: Record<string, string>) => Record<string, string>;
  cleanup: () => Promise<void>;
};

/** A fresh database (migrated) and key prefix; `cleanup` drops both and stops every process started. */
export async function createBench(name: string): Promise<Bench> {
  const id = randomBytes(4).toString('hex');
  const dbName = `switchboard_bench_${name}_${id}`;
  const prefix = `sbbench-${name}-${id}`;
  const dbUrl = `${pgBase()}/${dbName}`;
  let client: pg.Client | undefined;
  const cleanup = async () => {
    await stopAll();
    await client?.end().catch(() => {});
    await dropDatabase(pgBase(), dbName).catch(() => {});
    await deleteRedisPrefix(redisUrl(), prefix);
  };
  try {
    await applyMigrations(dbUrl);
    client = new pg.Client({ connectionString: dbUrl });
    client.on('error', () => {});
    await client.connect();
  } catch (err) {
    await cleanup();
    throw err;
  }
  const env = (port: number, extra: Record<string, string> = {}) => ({
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: prefix,
    // Workers (port 0) serve nothing; their APP_URL only shapes links in messages.
    PORT: String(port || 3000),
    APP_URL: `http://127.0.0.1:${port || 3000}`,
    APP_SECRET: process.env.APP_SECRET ?? 'bench-secret-0123456789-0123456789-0123456789',
    OUTBOUND_ALLOW_PRIVATE: 'true',
    LOG_LEVEL: 'warn',
    ...extra,
  });
  return { dbUrl, prefix, client: client!, env, cleanup };
}

/** A live flow with the given graph, inserted directly (published version 1). */
export async function seedFlow(
  client: pg.Client,
  graph: unknown,
): Promise<{ flowId: string; token: string; workspaceId: string }> {
  const workspaceId = uuid7();
  const flowId = uuid7();
  const token = randomBytes(24).toString('base64url');
  const g = JSON.stringify(graph);
  await client.query(`INSERT INTO workspace (id, name) VALUES ($1, 'bench')`, [workspaceId]);
  await client.query(
    `INSERT INTO flow (id, "workspaceId", name, status, token, "draftGraph", "publishedVersion", "updatedAt") VALUES ($1, $2, 'bench', 'live', $3, $4, 1, now())`,
    [flowId, workspaceId, token, g],
  );
  await client.query(
    `INSERT INTO flow_version (id, "workspaceId", "flowId", version, graph) VALUES ($1, $2, $3, 1, $4)`,
    [uuid7(), workspaceId, flowId, g],
  );
  return { flowId, token, workspaceId };
}

export { threeStepGraph } from '../../tests/helpers/delivery';

const children = new Set<ChildProcess>();

/**
 * A node process of the app. `cpus` pins it with taskset (a CPU list, e.g. "1"
 * or "0,2"); `detached` makes it the leader of a process group of its own, as
 * separately deployed web and worker processes are.
 */
export function startNode(
  args: string[],
  env: Record<string, string>,
  opts: { cpus?: string; detached?: boolean } = {},
): ChildProcess {
  const [cmd, argv] = opts.cpus ? ['taskset', ['-c', opts.cpus, process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(cmd, argv, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: opts.detached ?? false,
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 25_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export const stopAll = () => Promise.all([...children].map(stop));

/** Node arguments of a process as `npm start` runs it (the bundled entry, built once per bench). */
const bundled = new Map<Entry, Promise<string[]>>();
export const bundledArgs = (entry: Entry) =>
  bundled.get(entry) ??
  bundled
    .set(
      entry,
      bundleEntry(root, entry).then((b) => bundleNodeArgs(entry, b)),
    )
    .get(entry)!;

export async function startWebProcess(
  env: (port: number) => Record<string, string>,
  opts: { cpus?: string; detached?: boolean } = {},
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = startNode(await bundledArgs('web'), env(port), opts);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok, {
    timeoutMs: 90_000,
    what: `the web process on ${port}`,
  });
  return { child, url };
}

export const startWorkerProcess = async (
  env: Record<string, string>,
  opts: { cpus?: string; detached?: boolean } = {},
) => startNode(await bundledArgs('worker'), env, opts);

/** The CPUs this process may run on (Linux: Cpus_allowed_list), e.g. [0, 1]. */
export function allowedCpus(): number[] {
  try {
    const list = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '';
    const cpus = list.split(',').flatMap((part) => {
      const [a, b] = part.split('-').map(Number);
      return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
    });
    if (cpus.length && cpus.every(Number.isInteger)) return cpus;
  } catch {
    // Not Linux: fall through.
  }
  return Array.from({ length: os.availableParallelism() }, (_, i) => i);
}

/** CPU time (user + system, ms) a process has used so far (Linux; 0 once it has exited). */
export function cpuMs(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

/** Resident memory of a process, MiB (0 once it has exited). */
export function rssMiB(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Tracks the peak RSS of each labelled process while it runs. */
export function rssSampler(intervalMs = 250) {
  const peaks = new Map<string, number>();
  const watched = new Map<string, ChildProcess>();
  const sample = () => {
    for (const [label, child] of watched) peaks.set(label, Math.max(peaks.get(label) ?? 0, rssMiB(child.pid)));
  };
  const timer = setInterval(sample, intervalMs);
  return {
    watch(label: string, child: ChildProcess) {
      watched.set(label, child);
      child.once('exit', () => watched.delete(label));
    },
    /** Peak per label prefix (e.g. "web", "worker"). */
    peak(prefix: string) {
      sample();
      return Math.max(0, ...[...peaks].filter(([l]) => l.startsWith(prefix)).map(([, v]) => v));
    },
    stop: () => clearInterval(timer),
  };
}

export const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
export const round = (n: number, digits = 0) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

/** One machine-readable line the orchestrator (bench/run.ts) picks out of the output. */
export function emitResult(part: string, data: unknown): void {
  console.log(`BENCH_RESULT ${JSON.stringify({ part, data })}`);
}
