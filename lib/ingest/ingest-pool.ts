import pg from 'pg';
import { env } from '../env';
import { poolerSafe } from '../db/pooler';

// The ingest hot path talks to PostgreSQL through plain `pg` with named
// (prepared) statements instead of Prisma: two statements per webhook, no
// query compilation per request. Measured in bench/ingest.ts; the rest of the
// app keeps using Prisma.

const globalForPool = globalThis as unknown as { __switchboardIngestPool?: pg.Pool };

export function ingestPool(): pg.Pool {
  return (globalForPool.__switchboardIngestPool ??= createPool());
}

function createPool(): pg.Pool {
  // Behind a transaction pooler: no statement names, and the timeout is the pooler's (lib/db/pooler.ts).
  const pool = new pg.Pool(
    poolerSafe(env().DATABASE_URL, {
      connectionString: env().DATABASE_URL,
      max: env().DATABASE_POOL_MAX,
      // A database that does not answer must give the sender a quick 503, never a hang.
      connectionTimeoutMillis: 3000,
      // Server-side (a startup parameter): PostgreSQL cancels a statement that runs
      // longer and rolls it back, so a timeout means "not stored" for certain.
      statement_timeout: 10_000,
      // Only for a server that stops answering at all; its outcome is unknown
      // (store-event.ts), so it fires well after the server's own limit.
      query_timeout: 20_000,
      idleTimeoutMillis: 60_000,
    }),
  );
  // An idle connection dropped by a database restart must not crash the process.
  pool.on('error', () => {});
  return pool;
}
