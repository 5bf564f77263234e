import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort, waitFor } from './ports';
import { entryArgs } from '../../scripts/bundle';

// Real processes for tests that kill and restart things. Each test starts its
// own; the shared PostgreSQL/Redis and the suite's web server are never touched.

const root = path.resolve(import.meta.dirname, '../..');
const logDir = path.join(root, 'test-results/logs');

export type Proc = {
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
  exited: Promise<number | null>;
};

function track(child: ChildProcess, name: string): Proc {
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${name}-${child.pid}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The suite's environment with overrides (DATABASE_URL, QUEUE_PREFIX... come from scripts/test.ts). */
// Small pools: several test files run at once, each with its own processes, on
// one PostgreSQL with the default max_connections of 100.
export const childEnv = (overrides: Record<string, string> = {}) => ({
  ...process.env,
  DATABASE_POOL_MAX: '3',
  ...overrides,
});

/** The suite's bundles when `npm test` just built them; else the TypeScript entry (a bare `vitest` run must not use a stale bundle). */
const entry = (name: 'web' | 'worker') =>
  process.env.SWITCHBOARD_FRESH_BUNDLES === '1'
    ? entryArgs(root, name)
    : ['--import', 'tsx', path.join(root, name, 'main.ts')];

export function startWorker(env: Record<string, string> = {}, name = 'worker'): Proc {
  const child = spawn(process.execPath, entry('worker'), {
    cwd: root,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track(child, name);
}

/** A web process (web/main.ts: ingest server + Next) of the suite's build on a port of its own. */
export async function startWeb(env: Record<string, string> = {}): Promise<Proc & { url: string; port: number }> {
  const port = Number(env.PORT ?? (await freePort()));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, entry('web'), {
    cwd: root,
    env: childEnv({ APP_URL: url, ...env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = track(child, 'web');
  await waitFor(async () => (await fetch(`${url}/api/health`).catch(() => null))?.status !== undefined, {
    what: `web server on ${port}`,
  });
  return { ...proc, url, port };
}

/**
 * A private redis-server on a free port (for tests that stop or restart Redis).
 * extraArgs go after the defaults and override them (e.g. ['--maxmemory-policy', 'allkeys-lru']).
 */
export async function startRedis(
  port?: number,
  extraArgs: string[] = [],
): Promise<Proc & { url: string; port: number }> {
  const p = port ?? (await freePort());
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(p),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const proc = track(child, 'redis');
  const { Redis } = await import('ioredis');
  await waitFor(
    async () => {
      const r = new Redis(p, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      r.on('error', () => {});
      try {
        await r.connect();
        return (await r.ping()) === 'PONG';
      } finally {
        r.disconnect();
      }
    },
    { what: `redis on ${p}` },
  );
  return { ...proc, url: `redis://127.0.0.1:${p}`, port: p };
}
