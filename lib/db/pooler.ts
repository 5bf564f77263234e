import pg from 'pg';
import { throughTransactionPooler } from '../env';

// DATABASE_URL may go through a connection pooler in transaction mode
// (PgBouncer `pool_mode = transaction`): each transaction, or each statement
// outside one, may run on a different server connection. Declared the way
// Prisma users know, with `pgbouncer=true` in the URL's query
// (throughTransactionPooler, lib/env.ts). Then:
// - statements get no names: a named (prepared) statement lives on one server
//   connection, and the next use may land on another ("prepared statement …
//   does not exist"); PgBouncer 1.21+ with max_prepared_statements would map
//   them, Debian 12's 1.18 cannot;
// - pools send no startup parameters PgBouncer refuses (statement_timeout):
//   set it on the pooler's side instead (README, "Running at scale");
// - migrations, which hold session-level advisory locks, go over
//   DATABASE_MIGRATION_URL, a direct (or session-mode) connection (lib/env.ts).

/** A pg client that runs every statement unnamed (unprepared), whatever the caller asked. */
class UnnamedStatementsClient extends pg.Client {}
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
UnnamedStatementsClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [config] = args;
  if (config && typeof config === 'object' && 'name' in config) args[0] = { ...config, name: undefined };
  return query.apply(this, args);
} as pg.Client['query'];

/** Pool settings for `databaseUrl`: behind a transaction pooler, unnamed statements and no timeout parameters. */
export function poolerSafe(databaseUrl: string, config: pg.PoolConfig): pg.PoolConfig {
  if (!throughTransactionPooler(databaseUrl)) return config;
  const { statement_timeout: _timeout, ...rest } = config;
  return { ...rest, Client: UnnamedStatementsClient };
}
