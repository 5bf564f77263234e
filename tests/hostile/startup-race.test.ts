import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { dropDatabase, deleteRedisPrefix } from '@/scripts/support/scratch';
import { freePort, waitFor } from '../helpers/ports';
import { startScript, type StartedScript } from '../helpers/start-script';

// `npm run start:web` and `npm run start:worker` started at the same moment on a
// PostgreSQL that does not have the database yet: both create it if missing and
// apply migrations, and both must come up. (Before, the one that lost the race
// inside CREATE DATABASE exited with "duplicate key value violates unique
// constraint pg_database_datname_index".) Run a few times: the race is narrow.

const scripts: StartedScript[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(scripts.splice(0).map((s) => s.stop()));
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

function freshDatabaseUrl(): { url: string; base: string; name: string } {
  const url = new URL(process.env.DATABASE_URL!);
  const name = `sb_race_${randomBytes(4).toString('hex')}`;
  url.pathname = `/${name}`;
  const base = new URL(process.env.DATABASE_URL!);
  base.pathname = '';
  return { url: url.toString(), base: base.toString().replace(/\/$/, ''), name };
}

describe('processes starting at once on a fresh PostgreSQL', () => {
  for (const round of [1, 2, 3]) {
    it(`web and worker started together both come up (round ${round})`, { timeout: 120_000 }, async () => {
      const db = freshDatabaseUrl();
      const prefix = `sbrace-${randomBytes(4).toString('hex')}`;
      cleanups.push(() => dropDatabase(db.base, db.name));
      cleanups.push(() => deleteRedisPrefix(process.env.REDIS_URL!, prefix));
      const port = await freePort();
      const env = {
        DATABASE_URL: db.url,
        QUEUE_PREFIX: prefix,
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'info',
      };
      const web = startScript('web', env, 'race-web');
      const worker = startScript('worker', env, 'race-worker');
      scripts.push(web, worker);

      await Promise.all([
        worker.waitForOutput(/worker started/),
        Promise.race([
          waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null))?.ok, {
            timeoutMs: 90_000,
            what: 'the web process to answer health',
          }),
          web.exited.then(() => {
            throw new Error(`start:web exited: ${web.output().slice(-2000)}`);
          }),
        ]),
      ]);
      expect(web.output()).not.toMatch(/duplicate key|pg_database_datname_index/);
      expect(worker.output()).not.toMatch(/duplicate key|pg_database_datname_index/);
      expect(web.child.exitCode).toBeNull();
      expect(worker.child.exitCode).toBeNull();
    });
  }
});
