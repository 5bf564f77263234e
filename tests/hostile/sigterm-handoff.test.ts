import { describe, expect, it } from 'vitest';
import { acceptEvents, holdingTarget, seedFlow, sandboxSuite } from '../helpers/engine-sandbox';
import { waitFor } from '../helpers/ports';
import { startWorker } from '../helpers/processes';

// A worker stopped with SIGTERM while a step's call is in flight — held by the
// target for 25 s, longer than the fixed 20 s the worker used to allow itself,
// within the step's 30 s timeout. The worker must wait for that call and record
// its outcome, hand the next step back without starting it, and exit 0; a
// second worker then runs the next step. Each step is called once. (Before,
// the worker exited under the call after 20 s and the second worker made the
// call again once the lease ran out.)

const { sandbox, procs, cleanups, ownRedis } = sandboxSuite('sigterm');

describe('SIGTERM with a step in flight', () => {
  it(
    'the stopping worker finishes the call in flight, hands back the rest, and nothing is called twice',
    { timeout: 150_000 },
    async () => {
      const { redis, q } = await ownRedis();
      const target = await holdingTarget(sandbox.db, { holdMs: 0 });
      cleanups.push(target.close);
      // Only the first step's call is held long.
      const slow = await holdingTarget(sandbox.db, { holdMs: 25_000 });
      cleanups.push(slow.close);
      const flow = await seedFlow(sandbox.db, {
        nodes: [
          { id: 'trigger', type: 'trigger.webhook', config: {} },
          { id: 'slow', type: 'http.request', config: { url: `${slow.url}/slow`, body: {} }, timeoutMs: 30_000 },
          { id: 'next', type: 'http.request', config: { url: `${target.url}/next`, body: {} } },
        ],
        edges: [
          { source: 'trigger', target: 'slow' },
          { source: 'slow', target: 'next' },
        ],
      });
      const worker = (name: string) => {
        const p = startWorker({ DATABASE_URL: sandbox.url, REDIS_URL: redis.url }, `sigterm-${name}`);
        procs.push(p);
        return p;
      };

      const first = worker('first');
      const [eventId] = await acceptEvents(sandbox.db, q.queue, flow, [{}]);
      await waitFor(async () => slow.calls.length >= 1, { what: 'the slow call', timeoutMs: 60_000, intervalMs: 20 });
      first.child.kill('SIGTERM');
      // Standing by to take over whatever the first hands back (or leaves behind).
      worker('second');

      expect(await first.exited).toBe(0);
      const afterExit = await sandbox.db.run.findFirstOrThrow({
        where: { eventId },
        select: { id: true, steps: { select: { nodeId: true, status: true } } },
      });
      // The slow step's outcome was recorded by the worker that made the call.
      expect(afterExit.steps.find((s) => s.nodeId === 'slow')?.status).toBe('succeeded');

      const run = await waitFor(
        () =>
          sandbox.db.run.findFirst({
            where: { id: afterExit.id, status: { in: ['succeeded', 'failed'] } },
            select: { status: true, steps: { select: { nodeId: true, status: true, attempts: true } } },
          }),
        { what: 'the run to finish', timeoutMs: 90_000 },
      );
      expect(run.status).toBe('succeeded');
      expect(run.steps.sort((a, b) => a.nodeId.localeCompare(b.nodeId))).toEqual([
        { nodeId: 'next', status: 'succeeded', attempts: 1 },
        { nodeId: 'slow', status: 'succeeded', attempts: 1 },
      ]);
      expect(slow.calls).toHaveLength(1);
      expect(target.calls).toHaveLength(1);
      expect([...slow.violations, ...target.violations]).toEqual([]);
    },
  );
});
