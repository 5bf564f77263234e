import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports';
import { childEnv, startRedis } from '../helpers/processes';

// `npm start` (scripts/start.ts all) when a service it needs is missing or
// misconfigured: one clear line naming the service and the fix, no stack
// trace, and a non-zero exit so a supervisor notices.

const root = path.resolve(import.meta.dirname, '../..');

async function runStart(overrides: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts'), 'all'], {
    cwd: root,
    env: childEnv({ PORT: String(await freePort()), ...overrides }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  // If the checks wrongly passed, the app would start and never exit; stop it.
  const guard = setTimeout(() => child.kill('SIGKILL'), 45_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(guard);
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  return { code, lines, output };
}

function expectOneClearLine(result: Awaited<ReturnType<typeof runStart>>) {
  expect(result.code, result.output).not.toBe(0);
  expect(result.code).not.toBeNull();
  expect(result.lines, result.output).toHaveLength(1);
  expect(result.output).not.toMatch(/^\s+at /m);
  return result.lines[0]!;
}

describe('npm start preflight', () => {
  let evicting: Awaited<ReturnType<typeof startRedis>>;

  beforeAll(async () => {
    evicting = await startRedis(undefined, ['--maxmemory-policy', 'allkeys-lru']);
  });

  afterAll(async () => {
    await evicting?.kill('SIGTERM');
  });

  it('names Redis and how to start it when nothing listens at REDIS_URL', async () => {
    const port = await freePort();
    const line = expectOneClearLine(await runStart({ REDIS_URL: `redis://127.0.0.1:${port}` }));
    expect(line).toContain(`Cannot reach Redis at 127.0.0.1:${port}`);
    expect(line).toMatch(/redis-server|systemctl start redis/);
    expect(line).toContain('REDIS_URL');
  });

  it('refuses a Redis that may evict queued jobs, naming the policy and the fix', async () => {
    const line = expectOneClearLine(await runStart({ REDIS_URL: evicting.url }));
    expect(line).toContain('allkeys-lru');
    expect(line).toContain('config set maxmemory-policy noeviction');
  });

  it('names PostgreSQL and how to start it when nothing listens at DATABASE_URL', async () => {
    const port = await freePort();
    const line = expectOneClearLine(
      await runStart({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/switchboard` }),
    );
    expect(line).toContain(`Cannot reach PostgreSQL at 127.0.0.1:${port}`);
    expect(line).toMatch(/pg_ctlcluster|brew services start postgresql/);
    expect(line).toContain('DATABASE_URL');
  });

  it('names a bad variable instead of starting', async () => {
    const result = await runStart({ PORT: 'eighty' });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('PORT: must be a number');
    expect(result.output).not.toMatch(/^\s+at /m);
  });
});
