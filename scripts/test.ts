// npm test: the whole suite — unit, integration (real PostgreSQL and Redis) and
// end-to-end (Playwright in Debian's Chromium) — run by vitest.
// Prepares a database and a Redis key prefix of its own, builds the app, starts
// one web server and one worker for the suite, runs vitest, cleans up, and ends
// with the line "N passed, N failed".
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { deleteRedisPrefix, dropDatabase } from './support/scratch';
import { applyMigrations } from '../lib/db/migrate';
import { cachedRedisServer } from '../lib/boot/embedded-redis';
import { findOnPath } from '../lib/boot/process-tools';
import { resolveServices } from '../lib/boot/resolve-services';
import { DEFAULT_REDIS_SOURCE_URL } from '../lib/env';
import { buildIfNeeded } from './build';
import { bundleEntry, bundleNodeArgs } from './bundle';
import { freePort, waitFor } from '../tests/helpers/ports';

const root = path.resolve(import.meta.dirname, '..');
// Per-run folder, so parallel runs (NEXT_DIST_DIR=...) don't clear each other's reports.
const results = path.join(
  root,
  'test-results',
  process.env.NEXT_DIST_DIR ? path.basename(process.env.NEXT_DIST_DIR) : 'suite',
);
rmSync(results, { recursive: true, force: true });
mkdirSync(path.join(results, 'logs'), { recursive: true });

const runId = randomBytes(4).toString('hex');
// TEST_PG_URL / TEST_REDIS_URL, else the servers on 127.0.0.1, else (a machine
// with only Node) the embedded ones: a running npm start's, or started for this run.
const services = await resolveServices({
  projectDir: root,
  role: 'client',
  database: process.env.TEST_PG_URL ? `${process.env.TEST_PG_URL.replace(/\/+$/, '')}/postgres` : undefined,
  redis: process.env.TEST_REDIS_URL,
  redisSourceUrl: process.env.REDIS_SOURCE_URL || DEFAULT_REDIS_SOURCE_URL,
  pathEnv: process.env.PATH,
  log: (line) => console.error(line),
}).catch((err: Error) => {
  console.error(`test setup failed: ${err.message}\n\n0 passed, 1 failed`);
  process.exit(1);
});
const pgBase = services.databaseUrl.replace(/\/[^/]*$/, '');
const dbName = `switchboard_test_${runId}`;
const redisUrl = services.redisUrl;
// Tests that stop and restart Redis start redis-server themselves: one built for the embedded Redis will do.
if (!findOnPath('redis-server', process.env.PATH) && existsSync(cachedRedisServer()))
  process.env.PATH = `${path.dirname(cachedRedisServer())}${path.delimiter}${process.env.PATH ?? ''}`;
const prefix = `sbtest-${runId}`;
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;

const testEnv: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: `${pgBase}/${dbName}`,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: prefix,
  APP_URL: baseUrl,
  PORT: String(port),
  APP_SECRET: 'test-secret-0123456789-0123456789-0123456789',
  OUTBOUND_ALLOW_PRIVATE: 'true',
  RETRY_BASE_MS: '50',
  // Backup check intervals count in seconds instead of minutes (tests/integration/backup-check).
  BACKUP_CHECK_MINUTE_MS: '1000',
  WORKER_CONCURRENCY: '10',
  // Each test process, the suite's web and worker, and the processes tests start
  // share PostgreSQL's default 100 connections.
  DATABASE_POOL_MAX: '5',
  LOG_LEVEL: 'warn',
  TEST_BASE_URL: baseUrl,
  // Tests give each simulated client its own X-Forwarded-For.
  TRUST_PROXY: 'true',
};
Object.assign(process.env, testEnv);

const children: ChildProcess[] = [];
function start(name: string, args: string[]): ChildProcess {
  const log = createWriteStream(path.join(results, 'logs', `${name}.log`));
  const child = spawn(process.execPath, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  children.push(child);
  return child;
}

async function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await dropDatabase(pgBase, dbName).catch((e) => console.error(e.message));
  await deleteRedisPrefix(redisUrl, prefix);
  await services.stop();
}

let passed = 0;
let failed = 0;
let exitCode = 1;
try {
  await applyMigrations(testEnv.DATABASE_URL!);
  if (process.env.SKIP_BUILD !== '1') await buildIfNeeded(root, true);
  // The suite runs what npm start runs: both entries bundled (tests/helpers/processes.ts uses them too).
  start('web', bundleNodeArgs('web', await bundleEntry(root, 'web')));
  start('worker', bundleNodeArgs('worker', await bundleEntry(root, 'worker')));
  // Tells tests/helpers/processes.ts that the bundles are fresh (vitest inherits this env).
  process.env.SWITCHBOARD_FRESH_BUNDLES = '1';
  await waitFor(async () => (await fetch(`${baseUrl}/api/health`).catch(() => null))?.ok, {
    timeoutMs: 60_000,
    what: 'the web server',
  });

  const report = path.join(results, 'vitest.json');
  const args = [
    path.join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    `--reporter=json`,
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ];
  const res = spawnSync(process.execPath, args, { cwd: root, env: process.env, stdio: 'inherit' });
  try {
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numTotalTestSuites: number;
      numFailedTestSuites: number;
    };
    passed = json.numPassedTests;
    // A file that fails to load has no tests of its own; count it as a failure.
    failed =
      json.numFailedTests + (json.numFailedTests === 0 && res.status !== 0 ? Math.max(1, json.numFailedTestSuites) : 0);
  } catch {
    failed = Math.max(failed, 1);
  }
  exitCode = res.status === 0 && failed === 0 && passed > 0 ? 0 : 1;
} catch (err) {
  console.error(`test setup failed: ${(err as Error).stack ?? err}`);
  failed = Math.max(failed, 1);
} finally {
  await cleanup().catch((e) => console.error(`cleanup: ${e.message}`));
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exitCode);
