import pg from 'pg';
import { env } from '../env';
import { poolerSafe } from '../db/pooler';

// The engine's hot path talks to PostgreSQL through a plain pg pool: each step
// transition is one statement, and Prisma's raw-query path costs ~4× the CPU
// per statement (measured: 0.56 ms vs 0.14 ms), which matters at hundreds of
// runs per second. The worker's periodic passes (sweepers, retention, quiet-source
// check) use this pool too, so a worker that only runs flows never starts Prisma
// (~40 MiB); everything else (lib/runs, the read views) uses `db` (Prisma) as usual.

// `timestamp(3)` columns hold UTC wall-clock time (what Prisma writes). pg would
// read them as local time; parse them as UTC instead, whatever the host's TZ.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 1114) return (s: string) => new Date(`${s.replace(' ', 'T')}Z`);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

const globalForPool = globalThis as unknown as { __switchboardEnginePool?: pg.Pool };

export function enginePool(): pg.Pool {
  if (!globalForPool.__switchboardEnginePool) {
    const pool = new pg.Pool(
      poolerSafe(env().DATABASE_URL, {
        connectionString: env().DATABASE_URL,
        max: Math.min(env().DATABASE_POOL_MAX, Math.max(4, env().WORKER_CONCURRENCY)),
        connectionTimeoutMillis: 5000,
        types,
      }),
    );
    // An idle client losing its connection (PostgreSQL restart) must not crash the worker.
    pool.on('error', () => {});
    globalForPool.__switchboardEnginePool = pool;
  }
  return globalForPool.__switchboardEnginePool;
}

/**
 * Runs a statement. A `name` makes it a prepared statement on each pooled
 * connection, so PostgreSQL parses and plans the engine's large statements
 * once per connection instead of on every call.
 */
export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
  name?: string,
): Promise<T[]> {
  const res = await enginePool().query<T>(name ? { name, text, values: params } : { text, values: params });
  return res.rows;
}

/** Runs a statement for its effect; the number of rows it touched. */
export async function execute(text: string, params: unknown[] = []): Promise<number> {
  return (await enginePool().query({ text, values: params })).rowCount ?? 0;
}

/** Times go in as ISO strings cast to `timestamp` (UTC wall clock, like Prisma). */
export const ts = (d: Date | number) => new Date(d).toISOString();

/**
 * PostgreSQL's clock as a `timestamp` (UTC wall clock). Leases are written and
 * compared with it, never with a worker's Date.now(): workers on machines whose
 * clocks disagree still agree on whether a lease has run out, so a worker whose
 * clock runs ahead cannot take a live lease, and one whose clock runs behind
 * cannot write a lease that others see as already expired.
 */
export const DB_NOW = `(now() AT TIME ZONE 'UTC')`;

/** `DB_NOW` plus a number of milliseconds given as parameter `$n`. */
export const dbNowPlus = (param: string) => `(${DB_NOW} + ${param}::int * interval '1 millisecond')`;

export async function closeEnginePool(): Promise<void> {
  const pool = globalForPool.__switchboardEnginePool;
  globalForPool.__switchboardEnginePool = undefined;
  await pool?.end().catch(() => {});
}
