import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { poolerSafe } from '../../lib/db/pooler';

// Behind a transaction pooler (DATABASE_URL with pgbouncer=true) the hot-path
// pools must not prepare named statements: the next use could land on another
// server connection. Checked on PostgreSQL itself: what the connection holds.

const base = process.env.DATABASE_URL!;
const withFlag = (url: string) => {
  const u = new URL(url);
  u.searchParams.set('pgbouncer', 'true');
  return u.toString();
};
const pools: pg.Pool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.end())));

async function preparedAfterNamedQuery(url: string) {
  const pool = new pg.Pool(poolerSafe(url, { connectionString: url, max: 1, statement_timeout: 5000 }));
  pools.push(pool);
  const first = await pool.query({ name: 'pooler_probe', text: 'SELECT $1::int AS n', values: [1] });
  const second = await pool.query({ name: 'pooler_probe', text: 'SELECT $1::int AS n', values: [2] });
  const held = await pool.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'pooler_probe'`);
  const timeout = await pool.query('SHOW statement_timeout');
  return {
    values: [first.rows[0].n, second.rows[0].n],
    prepared: held.rows[0].n as number,
    timeout: timeout.rows[0].statement_timeout as string,
  };
}

describe('poolerSafe', () => {
  it('prepares named statements and sends the timeout on a direct connection', async () => {
    expect(await preparedAfterNamedQuery(base)).toEqual({ values: [1, 2], prepared: 1, timeout: '5s' });
  });

  it('runs them unnamed and leaves the timeout to the pooler with pgbouncer=true', async () => {
    const r = await preparedAfterNamedQuery(withFlag(base));
    expect(r.values).toEqual([1, 2]);
    expect(r.prepared).toBe(0);
    expect(r.timeout).not.toBe('5s');
  });
});
