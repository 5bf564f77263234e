import { describe, expect, it } from 'vitest';
import { enqueue } from '@/lib/queue/queues';
import { crashMessage } from '@/lib/engine/crash-guard';
import { newJobId } from '@/lib/engine/enqueue-advance';
import { acceptEvents, holdingTarget, seedFlow, sandboxSuite } from '../helpers/engine-sandbox';
import { waitFor } from '../helpers/ports';
import { startWorker } from '../helpers/processes';

// A step whose attempts keep killing its worker process: each time the step's
// call is in flight (the target holds it), the worker dies with SIGKILL — as
// it would crashing or running out of memory on that step. The next worker
// takes the run over when the lease runs out, and the next. After three deaths
// the step is failed with a clear error instead of being started a fourth
// time, although its retry policy allows ten tries. (Before, every takeover
// started it again, until the retry policy ran out.)

const { sandbox, procs, cleanups, ownRedis } = sandboxSuite('crashloop');

describe('crash-loop guard', () => {
  it(
    'a step that takes its worker down every time is failed after three deaths, not started again',
    { timeout: 180_000 },
    async () => {
      const { redis, q } = await ownRedis();
      // Holds every call far longer than any worker here lives.
      const target = await holdingTarget(sandbox.db, { holdMs: 120_000 });
      cleanups.push(target.close);
      const flow = await seedFlow(sandbox.db, {
        nodes: [
          { id: 'trigger', type: 'trigger.webhook', config: {} },
          {
            id: 'deadly',
            type: 'http.request',
            config: { url: `${target.url}/deadly`, body: {} },
            timeoutMs: 4000,
            retry: { attempts: 10, backoffMs: 100 },
          },
        ],
        edges: [{ source: 'trigger', target: 'deadly' }],
      });
      const worker = (name: string) => {
        const p = startWorker({ DATABASE_URL: sandbox.url, REDIS_URL: redis.url }, `crashloop-${name}`);
        procs.push(p);
        return p;
      };
      // What the sweeper and BullMQ's stalled-job check do after a death, only sooner.
      const nudge = (runId: string) => enqueue('run.advance', { runId }, { jobId: newJobId(runId), queue: q.queue });

      const [eventId] = await acceptEvents(sandbox.db, q.queue, flow, [{}]);
      let runId = '';
      for (let death = 1; death <= 3; death++) {
        const w = worker(`${death}`);
        if (runId) await nudge(runId);
        await waitFor(async () => target.calls.length >= death, {
          what: `call ${death}`,
          timeoutMs: 60_000,
          intervalMs: 20,
        });
        await w.kill('SIGKILL');
        runId ||= (await sandbox.db.run.findFirstOrThrow({ where: { eventId }, select: { id: true } })).id;
      }

      worker('4');
      await nudge(runId);
      const run = await waitFor(
        async () => {
          if (target.calls.length > 3) throw new Error(`the step was started again: ${target.calls.length} calls`);
          return sandbox.db.run.findFirst({
            where: { id: runId, status: { in: ['succeeded', 'failed'] } },
            select: { status: true, error: true, steps: { select: { status: true, attempts: true, error: true } } },
          });
        },
        { what: 'the run to finish', timeoutMs: 60_000 },
      ).catch((err) => {
        throw new Error(`${(err as Error).message} (${target.calls.length} calls)`);
      });

      expect(run.status).toBe('failed');
      expect(run.steps).toEqual([{ status: 'failed', attempts: 3, error: crashMessage(3) }]);
      expect(run.error).toBe(`Step "deadly" failed: ${crashMessage(3)}`);
      expect(crashMessage(3)).toBe('This step stopped its worker 3 times; it was failed so it cannot loop');
      expect(target.calls).toHaveLength(3);
      expect(new Set(target.calls.map((c) => c.key))).toEqual(new Set([`run:${runId}:deadly`]));
      expect(target.violations).toEqual([]);
    },
  );

  it(
    'the branch beside the culprit still runs: a delay waiting at the deaths comes due and its child is called',
    { timeout: 240_000 },
    async () => {
      const { redis, q } = await ownRedis();
      // The culprit's calls are held far longer than any worker here lives; the other branch's answered at once.
      const target = await holdingTarget(sandbox.db, { holdMs: (c) => (c.nodeId === 'deadly' ? 120_000 : 0) });
      cleanups.push(target.close);
      const flow = await seedFlow(sandbox.db, {
        nodes: [
          { id: 'trigger', type: 'trigger.webhook', config: {} },
          {
            id: 'deadly',
            type: 'http.request',
            config: { url: `${target.url}/deadly`, body: {} },
            timeoutMs: 4000,
            retry: { attempts: 10, backoffMs: 100 },
          },
          // Longer than the three deaths take, so it is still waiting when the guard fails the culprit.
          { id: 'wait', type: 'delay', config: { seconds: 75 } },
          { id: 'after', type: 'http.request', config: { url: `${target.url}/after`, body: {} } },
        ],
        edges: [
          { source: 'trigger', target: 'deadly' },
          { source: 'trigger', target: 'wait' },
          { source: 'wait', target: 'after' },
        ],
      });
      const worker = (name: string) => {
        const p = startWorker({ DATABASE_URL: sandbox.url, REDIS_URL: redis.url }, `crashbranch-${name}`);
        procs.push(p);
        return p;
      };
      const nudge = (runId: string) => enqueue('run.advance', { runId }, { jobId: newJobId(runId), queue: q.queue });
      const deadlyCalls = () => target.calls.filter((c) => c.nodeId === 'deadly').length;

      const [eventId] = await acceptEvents(sandbox.db, q.queue, flow, [{}]);
      let runId = '';
      for (let death = 1; death <= 3; death++) {
        const w = worker(`${death}`);
        if (runId) await nudge(runId);
        await waitFor(async () => deadlyCalls() >= death, { what: `call ${death}`, timeoutMs: 60_000, intervalMs: 20 });
        await w.kill('SIGKILL');
        runId ||= (await sandbox.db.run.findFirstOrThrow({ where: { eventId }, select: { id: true } })).id;
      }
      worker('4');
      await nudge(runId);
      const run = await waitFor(
        async () => {
          if (deadlyCalls() > 3) throw new Error(`the step was started again: ${deadlyCalls()} calls`);
          return sandbox.db.run.findFirst({
            where: { id: runId, status: { in: ['succeeded', 'failed'] } },
            select: { status: true, error: true, steps: { select: { nodeId: true, status: true, error: true } } },
          });
        },
        { what: 'the run to finish', timeoutMs: 150_000 },
      );

      expect(run.status).toBe('failed');
      expect(run.error).toBe(`Step "deadly" failed: ${crashMessage(3)}`);
      expect(Object.fromEntries(run.steps.map((s) => [s.nodeId, [s.status, s.error]]))).toEqual({
        deadly: ['failed', crashMessage(3)],
        wait: ['succeeded', null],
        after: ['succeeded', null],
      });
      expect(target.calls.map((c) => c.nodeId).sort()).toEqual(['after', 'deadly', 'deadly', 'deadly']);
      expect(target.violations).toEqual([]);
    },
  );

  it('a run that only shared those deaths is not failed with the culprit', { timeout: 240_000 }, async () => {
    const { redis, q } = await ownRedis();
    const culpritTarget = await holdingTarget(sandbox.db, { holdMs: 120_000 });
    cleanups.push(culpritTarget.close);
    // The bystander’s calls are held (in flight at the deaths) twice, then answered after 5 s:
    // long enough to be in flight at the culprit’s third death, were they driven side by side.
    const bystanderTarget = await holdingTarget(sandbox.db, { holdMs: (_c, n) => (n <= 2 ? 120_000 : 5000) });
    cleanups.push(bystanderTarget.close);
    const graph = (url: string) => ({
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {} },
        {
          id: 'call',
          type: 'http.request',
          config: { url: `${url}/call`, body: {} },
          timeoutMs: 8000,
          retry: { attempts: 10, backoffMs: 100 },
        },
      ],
      edges: [{ source: 'trigger', target: 'call' }],
    });
    const culpritFlow = await seedFlow(sandbox.db, graph(culpritTarget.url));
    const bystanderFlow = await seedFlow(sandbox.db, graph(bystanderTarget.url));
    const worker = (name: string) => {
      const p = startWorker({ DATABASE_URL: sandbox.url, REDIS_URL: redis.url }, `bystander-${name}`);
      procs.push(p);
      return p;
    };
    const [culpritEvent] = await acceptEvents(sandbox.db, q.queue, culpritFlow, [{}]);
    const [bystanderEvent] = await acceptEvents(sandbox.db, q.queue, bystanderFlow, [{}]);
    const runOf = async (eventId: string) =>
      (await sandbox.db.run.findFirstOrThrow({ where: { eventId }, select: { id: true } })).id;
    let runIds: string[] = [];
    const nudge = () =>
      Promise.all(runIds.map((runId) => enqueue('run.advance', { runId }, { jobId: newJobId(runId), queue: q.queue })));

    // Two deaths with both calls in flight. The third when the culprit's call is in
    // flight and the bystander's is too — or the bystander was handed back to wait
    // for the culprit (its lease given back), which is what the guard does with two
    // runs at their last chance.
    const bystanderWaits = async () =>
      runIds.length > 0 &&
      (await sandbox.db.run.count({ where: { id: runIds[1], status: 'queued', leaseToken: null } })) === 1;
    for (let death = 1; death <= 3; death++) {
      const w = worker(`${death}`);
      await nudge();
      await waitFor(
        async () =>
          culpritTarget.calls.length >= death &&
          (bystanderTarget.calls.length >= death || (death === 3 && (await bystanderWaits()))),
        { what: `the calls before death ${death}`, timeoutMs: 60_000, intervalMs: 20 },
      );
      await w.kill('SIGKILL');
      if (!runIds.length) runIds = [await runOf(culpritEvent!), await runOf(bystanderEvent!)];
    }
    worker('4');
    await nudge();
    const finished = (id: string) =>
      waitFor(
        () =>
          sandbox.db.run.findFirst({
            where: { id, status: { in: ['succeeded', 'failed'] } },
            select: { status: true, steps: { select: { status: true, error: true } } },
          }),
        { what: 'the run to finish', timeoutMs: 60_000 },
      );
    const [culprit, bystander] = await Promise.all(runIds.map(finished));

    expect(culprit!.status).toBe('failed');
    expect(culprit!.steps).toEqual([{ status: 'failed', error: crashMessage(3) }]);
    expect(bystander!.status).toBe('succeeded');
    expect(culpritTarget.calls).toHaveLength(3);
    expect(bystanderTarget.calls).toHaveLength(3);
  });
});
