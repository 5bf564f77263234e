import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptEvents, holdingTarget, seedFlow, sandboxSuite } from '../helpers/engine-sandbox';
import { waitFor } from '../helpers/ports';
import { startWorker, type Proc } from '../helpers/processes';

// The worker's process-level safety net, with the bugs it exists for brought
// in from outside (a preloaded module: SIGUSR2 leaves an unhandled promise
// rejection, SIGHUP throws from a callback). A stray rejection is logged and
// the worker keeps running flows; an uncaught exception is logged and the
// worker exits 1 for its supervisor to restart it. (Before, Node's default
// took the worker down on the stray rejection, with every job in flight.)

const preload = path.resolve(import.meta.dirname, '../helpers/stray-errors.mjs');
const logOf = (p: Proc, name: string) =>
  path.resolve(import.meta.dirname, `../../test-results/logs/${name}-${p.child.pid}.log`);
const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

const { sandbox, procs, cleanups, ownRedis } = sandboxSuite('safetynet');

describe('worker safety net', () => {
  it(
    'logs a stray rejection and keeps running flows; exits 1 on an uncaught exception',
    { timeout: 120_000 },
    async () => {
      const { redis, q } = await ownRedis();
      const target = await holdingTarget(sandbox.db, { holdMs: 0 });
      cleanups.push(target.close);
      const flow = await seedFlow(sandbox.db, {
        nodes: [
          { id: 'trigger', type: 'trigger.webhook', config: {} },
          { id: 'call', type: 'http.request', config: { url: `${target.url}/call`, body: {} } },
        ],
        edges: [{ source: 'trigger', target: 'call' }],
      });
      const name = 'safetynet-worker';
      const worker = startWorker(
        {
          DATABASE_URL: sandbox.url,
          REDIS_URL: redis.url,
          LOG_LEVEL: 'info',
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${preload}`.trim(),
        },
        name,
      );
      procs.push(worker);
      const log = logOf(worker, name);
      await waitFor(async () => read(log).includes('worker started'), {
        what: 'the worker to start',
        timeoutMs: 60_000,
      });

      worker.child.kill('SIGUSR2');
      await waitFor(async () => read(log).includes('unhandled promise rejection'), {
        what: 'the rejection to be logged',
      });
      const succeeded = async (eventId: string) =>
        waitFor(() => sandbox.db.run.findFirst({ where: { eventId, status: 'succeeded' } }), {
          what: 'the run to succeed',
          timeoutMs: 60_000,
        });
      const [eventId] = await acceptEvents(sandbox.db, q.queue, flow, [{}]);
      await succeeded(eventId!);
      expect(worker.child.exitCode).toBeNull();
      expect(read(log)).toContain('stray rejection (test)');

      worker.child.kill('SIGHUP');
      expect(await worker.exited).toBe(1);
      // The log reaches its file through a pipe: give it a moment after the exit.
      await waitFor(async () => /uncaught exception; the worker process exits/.test(read(log)), {
        what: 'the exception to be logged',
      });
      expect(read(log)).toContain('uncaught exception (test)');
    },
  );
});
