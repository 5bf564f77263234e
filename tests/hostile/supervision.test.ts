import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { holdingTarget, sandboxDatabase, seedFlow, type Sandbox } from '../helpers/engine-sandbox';
import { postJson } from '../helpers/hooks';
import { freePort, waitFor } from '../helpers/ports';
import { startRedis } from '../helpers/processes';
import { startScript, type StartedScript } from '../helpers/start-script';

// `npm start` (scripts/start.ts all) supervises its parts: a worker or web
// process killed with SIGKILL (as the OOM killer would) is started again on its
// own while the other part keeps serving, and runs keep completing. (Before,
// one part exiting stopped the whole set.)

let sandbox: Sandbox;
const scripts: StartedScript[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  sandbox = await sandboxDatabase('supervise');
});
afterEach(async () => {
  await Promise.all(scripts.splice(0).map((s) => s.stop()));
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await sandbox?.drop();
});

describe('npm start supervision', () => {
  it(
    'a killed worker, then a killed web process, is restarted alone; health keeps answering and runs complete',
    { timeout: 240_000 },
    async () => {
      const redis = await startRedis();
      cleanups.push(() => redis.kill('SIGKILL'));
      const target = await holdingTarget(sandbox.db, { holdMs: 0 });
      cleanups.push(target.close);
      const flow = await seedFlow(sandbox.db, {
        nodes: [
          { id: 'trigger', type: 'trigger.webhook', config: {} },
          {
            id: 'call',
            type: 'http.request',
            config: { url: `${target.url}/call`, body: { n: '{{ trigger.body.n }}' } },
          },
        ],
        edges: [{ source: 'trigger', target: 'call' }],
      });
      const { token } = await sandbox.db.flow.findUniqueOrThrow({
        where: { id: flow.flowId },
        select: { token: true },
      });
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const app = startScript(
        'all',
        { DATABASE_URL: sandbox.url, REDIS_URL: redis.url, PORT: String(port), APP_URL: url, LOG_LEVEL: 'info' },
        'supervise',
      );
      scripts.push(app);

      const healthy = async () => (await fetch(`${url}/api/health`).catch(() => null))?.status === 200;
      await waitFor(healthy, { timeoutMs: 90_000, what: 'npm start to answer health' });
      await app.waitForOutput(/worker started/);
      const first = await waitFor(
        async () => {
          const p = app.childPids();
          return p.web && p.worker ? p : null;
        },
        { what: 'the web and worker pids' },
      );

      let sent = 0;
      const sendAndFinish = async (n: number) => {
        for (let i = 0; i < n; i++) {
          const res = await postJson(`${url}/hooks/${token}`, { n: String(sent++) });
          expect(res.status).toBe(202);
        }
        await waitFor(
          async () => (await sandbox.db.run.count({ where: { flowId: flow.flowId, status: 'succeeded' } })) === sent,
          {
            timeoutMs: 90_000,
            what: `${sent} runs to succeed`,
          },
        );
      };
      await sendAndFinish(3);

      // The worker dies: the web keeps answering throughout, and a new worker comes up.
      process.kill(first.worker!, 'SIGKILL');
      const healthWhileDown: boolean[] = [];
      const second = await waitFor(
        async () => {
          healthWhileDown.push(await healthy());
          const p = app.childPids();
          return p.worker && p.worker !== first.worker ? p : null;
        },
        { timeoutMs: 60_000, intervalMs: 200, what: 'a new worker' },
      );
      expect(healthWhileDown.length).toBeGreaterThan(0);
      expect(healthWhileDown.every(Boolean)).toBe(true);
      expect(second.web).toBe(first.web);
      await waitFor(async () => app.output().match(/worker started/g)!.length >= 2, {
        what: 'the new worker to start',
      });
      // Sent while a worker stands again: they run.
      await sendAndFinish(3);

      // The web dies: it comes back on the same port, and the worker was left running.
      process.kill(first.web!, 'SIGKILL');
      const third = await waitFor(
        async () => {
          const p = app.childPids();
          return p.web && p.web !== first.web ? p : null;
        },
        { timeoutMs: 60_000, intervalMs: 200, what: 'a new web process' },
      );
      expect(third.worker).toBe(second.worker);
      await waitFor(healthy, { timeoutMs: 90_000, what: 'the new web process to answer health' });
      await sendAndFinish(3);

      expect(app.child.exitCode).toBeNull();
      expect(target.violations).toEqual([]);
      expect(new Set(target.calls.map((c) => c.key)).size).toBe(sent);
      // SIGTERM still stops the whole set, cleanly.
      expect(await app.stop()).toBe(0);
    },
  );
});
