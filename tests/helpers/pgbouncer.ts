import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findOnPath } from '../../lib/boot/process-tools';
import { freePort, waitFor } from './ports';

// A PgBouncer of its own in transaction mode (pool_mode = transaction) on a
// free port of 127.0.0.1, in front of a PostgreSQL server: used by
// tests/integration/pgbouncer.test.ts and `npm run bench -- pgbouncer`.

export type PgBouncer = {
  /** postgresql://user@127.0.0.1:port (no database). */
  url: string;
  version: string;
  /** A command on the admin console (the `pgbouncer` database): SHOW POOLS, SHOW STATS… */
  admin(command: string): Promise<Record<string, string>[]>;
  stop(): Promise<void>;
};

/** The pgbouncer binary (Debian installs it in /usr/sbin, not on every user's PATH), or undefined. */
export const pgbouncerBinary = () => findOnPath('pgbouncer', `${process.env.PATH ?? ''}${path.delimiter}/usr/sbin`);

/**
 * PgBouncer in transaction mode in front of `server` (a postgresql:// URL of
 * the server, no database), `poolSize` server connections per database/user.
 */
export async function startPgBouncer(server: URL, poolSize: number): Promise<PgBouncer> {
  const binary = pgbouncerBinary();
  if (!binary) throw new Error('pgbouncer is not installed (Debian: apt-get install -y pgbouncer)');
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
  const child: ChildProcess = spawn(binary, [...(asRoot ? ['-u', 'nobody'] : []), path.join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log += c.toString('utf8')));
  const exited = new Promise((r) => child.once('exit', r));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `postgresql://${encodeURIComponent(user)}@127.0.0.1:${port}`;
  try {
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
  } catch (err) {
    await stop();
    throw err;
  }
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
    stop,
  };
}

/** Clients and server connections of one database in SHOW POOLS (PgBouncer 1.18+ columns). */
export function poolCounts(rows: Record<string, string>[], database: string) {
  const mine = rows.filter((r) => r.database === database);
  const sum = (cols: string[]) => mine.reduce((s, r) => s + cols.reduce((t, c) => t + Number(r[c] ?? 0), 0), 0);
  return {
    clients: sum(['cl_active', 'cl_waiting']),
    servers: sum(['sv_active', 'sv_idle', 'sv_used', 'sv_tested', 'sv_login']),
  };
}
