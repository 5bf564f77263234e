import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../helpers/ports';
import { lastLine, runCli } from '../helpers/run-cli';

// The first run on a machine with only Node: `npm start` with
// DATABASE_URL=embedded REDIS_URL=embedded runs a private PostgreSQL and Redis
// (data under SWITCHBOARD_HOME, a temporary folder here), the CLI finds them,
// a webhook runs a flow to a contact, and after kill -9 of npm start (and of
// the servers themselves) the next start keeps every accepted event and runs
// each exactly once.

const root = path.resolve(import.meta.dirname, '../..');
const homes: string[] = [];
const groups: number[] = [];
const servers: number[] = [];

type App = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function startApp(env: Record<string, string>): App {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts'), 'all'], {
    cwd: root,
    env: { ...process.env, ...env },
    // A process group of its own: kill -9 of the group is a crash of npm start and its children.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  groups.push(child.pid!);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Alive and not a zombie (an exited server whose parent, npm start, is gone waits for init to reap it). */
const running = (pid: number) => {
  if (!alive(pid)) return false;
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

type State = {
  owner: number;
  databaseUrl: string;
  redisUrl: string;
  postgres: { pid: number };
  redis: { pid: number };
};
const readState = (home: string) => JSON.parse(readFileSync(path.join(home, 'embedded.json'), 'utf8')) as State;

afterAll(async () => {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const pid of servers) if (alive(pid)) process.kill(pid, 'SIGINT');
  await waitFor(async () => servers.every((pid) => !alive(pid)), {
    timeoutMs: 20_000,
    what: 'embedded servers to stop',
  }).catch(() => {});
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

describe('npm start with embedded PostgreSQL and Redis', () => {
  it(
    'runs the whole story on the embedded pair and keeps every accepted event across kill -9',
    { timeout: 300_000 },
    async () => {
      const home = mkdtempSync(path.join(tmpdir(), 'switchboard-home-'));
      homes.push(home);
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env = {
        DATABASE_URL: 'embedded',
        REDIS_URL: 'embedded',
        SWITCHBOARD_HOME: home,
        PORT: String(port),
        APP_URL: base,
        // Generated into the home folder on first start, and read from there by the CLI.
        APP_SECRET: '',
        DATABASE_POOL_MAX: '5',
      };
      const healthy = async (app: App) => {
        await waitFor(
          async () => {
            if (app.child.exitCode !== null) throw new Error(`npm start exited: ${app.output()}`);
            return (await fetch(`${base}/api/health`).catch(() => null))?.ok;
          },
          { timeoutMs: 150_000, what: 'npm start to answer health' },
        );
        const health = await (await fetch(`${base}/api/health`)).json();
        expect(health).toEqual({ ok: true, db: 'up', redis: 'up' });
        const state = readState(home);
        servers.push(state.postgres.pid, state.redis.pid);
        return state;
      };

      let app = startApp(env);
      let state = await healthy(app);
      expect(app.output()).toContain(`embedded PostgreSQL on 127.0.0.1:`);
      expect(app.output()).toContain(`data in ${path.join(home, 'postgres')}`);
      expect(app.output()).toContain(`embedded Redis`);
      expect(existsSync(path.join(home, 'app-secret'))).toBe(true);
      expect(state.owner).toBe(app.child.pid);

      // The CLI finds the running embedded PostgreSQL.
      const email = 'owner@embedded.test';
      const created = await runCli(['user:create', '--email', email, '--password', 'embedded password 1'], env);
      expect(created.code, created.stderr).toBe(0);
      const keyed = await runCli(['apikey:create', '--email', email], env);
      expect(keyed.code, keyed.stderr).toBe(0);
      const key = lastLine(keyed.stdout);

      const api = async (p: string, body?: unknown) => {
        const res = await fetch(`${base}${p}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
      };
      const graph = {
        nodes: [
          { id: 'trigger', type: 'trigger.webhook', config: {}, position: { x: 0, y: 0 } },
          {
            id: 'lead',
            type: 'crm.upsertContact',
            config: { email: '{{ trigger.body.email }}', name: '{{ trigger.body.name }}' },
          },
        ],
        edges: [{ source: 'trigger', target: 'lead' }],
      };
      const flow = await api('/api/v1/flows', { name: 'Form to CRM', graph });
      expect(flow.status).toBe(201);
      expect((await api(`/api/v1/flows/${flow.json.id}/publish`, {})).status).toBe(200);
      const hookUrl = flow.json.webhookUrl as string;

      const accepted: string[] = [];
      const post = async (n: number) => {
        const res = await fetch(hookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `lead-${n}@embedded.test`, name: `Lead ${n}` }),
        });
        expect(res.status).toBe(202);
        accepted.push(((await res.json()) as { eventId: string }).eventId);
      };
      const contact = async (n: number) =>
        ((await api(`/api/v1/contacts?search=lead-${n}@`)).json?.items ?? []).find(
          (c: any) => c.email === `lead-${n}@embedded.test`,
        );

      await post(0);
      await waitFor(() => contact(0), { what: 'the first contact' });

      // kill -9 of npm start alone: the servers (own process groups) outlive it;
      // the next start stops them cleanly and starts them again.
      for (let n = 1; n <= 10; n++) await post(n);
      process.kill(-app.child.pid!, 'SIGKILL');
      await app.exited;
      app = startApp(env);
      state = await healthy(app);
      expect(app.output()).toMatch(/stopping the embedded PostgreSQL \(pid \d+\) an earlier start left running/);

      // kill -9 of everything, servers included: a stale postmaster.pid, Redis from its AOF.
      for (let n = 11; n <= 30; n++) await post(n);
      process.kill(-app.child.pid!, 'SIGKILL');
      process.kill(state.postgres.pid, 'SIGKILL');
      process.kill(state.redis.pid, 'SIGKILL');
      await app.exited;
      await waitFor(async () => !alive(state.postgres.pid) && !alive(state.redis.pid), {
        what: 'the killed servers to go',
      });
      expect(existsSync(path.join(home, 'postgres', 'postmaster.pid'))).toBe(true);
      app = startApp(env);
      state = await healthy(app);

      // Every accepted event is there and ran exactly once.
      await waitFor(
        async () => {
          const runs: any[] = [];
          let cursor: string | null = null;
          do {
            const page: any = await api(
              `/api/v1/flows/${flow.json.id}/runs?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
            );
            runs.push(...page.json.items);
            cursor = page.json.nextCursor;
          } while (cursor);
          return runs.length >= accepted.length && runs.every((r) => r.status === 'succeeded') && runs;
        },
        { timeoutMs: 60_000, what: 'every accepted event to run' },
      ).then((runs) => {
        expect(runs.map((r: any) => r.eventId).sort()).toEqual([...accepted].sort());
      });
      for (const n of [0, 10, 11, 30]) expect(await contact(n)).toBeTruthy();

      // A clean stop (Ctrl-C) stops the servers and removes embedded.json.
      process.kill(-app.child.pid!, 'SIGINT');
      expect(await app.exited).toBe(0);
      // Both shut down cleanly (each removes its pid file last) before npm start exited.
      expect(existsSync(path.join(home, 'postgres', 'postmaster.pid'))).toBe(false);
      expect(existsSync(path.join(home, 'redis', 'redis.pid'))).toBe(false);
      expect(running(state.postgres.pid)).toBe(false);
      expect(running(state.redis.pid)).toBe(false);
      expect(existsSync(path.join(home, 'embedded.json'))).toBe(false);
    },
  );

  it(
    'without redis-server and without network, says in one line how to install Redis',
    { timeout: 60_000 },
    async () => {
      const home = mkdtempSync(path.join(tmpdir(), 'switchboard-home-'));
      homes.push(home);
      // A PATH with make, tar and a compiler but no redis-server; the source URL on a closed port.
      const bin = path.join(home, 'bin');
      mkdirSync(bin);
      for (const tool of ['make', 'tar', 'cc', 'gzip']) {
        const found = ['/usr/bin', '/bin', '/usr/local/bin'].map((d) => path.join(d, tool)).find((p) => existsSync(p));
        if (found) symlinkSync(found, path.join(bin, tool));
      }
      chmodSync(bin, 0o755);
      const closed = await freePort();
      const app = startApp({
        REDIS_URL: 'embedded',
        SWITCHBOARD_HOME: home,
        HOME: home,
        PATH: bin,
        REDIS_SOURCE_URL: `http://127.0.0.1:${closed}/redis-stable.tar.gz`,
        PORT: String(await freePort()),
      });
      expect(await app.exited).toBe(1);
      const lines = app.output().trim().split('\n');
      const last = lines.at(-1)!;
      expect(last).toMatch(
        /^switchboard: no redis-server on the PATH, and building one failed: downloading http:\/\/127\.0\.0\.1:\d+\/redis-stable\.tar\.gz: ECONNREFUSED\. Install Redis \(.+\) or set REDIS_URL\.$/,
      );
      expect(existsSync(path.join(home, '.cache', 'switchboard', 'redis', 'bin', 'redis-server'))).toBe(false);
    },
  );

  it('start:web and start:worker refuse embedded: scale-out needs a shared server', async () => {
    for (const [mode, name] of [
      ['web', 'DATABASE_URL'],
      ['worker', 'REDIS_URL'],
    ] as const) {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts'), mode], {
        cwd: root,
        env: { ...process.env, [name]: 'embedded' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr!.on('data', (d) => (err += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(err.trim()).toBe(
        `switchboard: ${name}=embedded cannot be used by start:web or start:worker: several processes need one shared server, and an embedded one lives inside npm start. Set ${name} to your own server (README, "Production").`,
      );
    }
  });
});
