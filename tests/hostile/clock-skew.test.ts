import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enqueue } from '@/lib/queue/queues';
import { newJobId } from '@/lib/engine/enqueue-advance';
import { acceptEvents, holdingTarget, seedFlow, sandboxSuite } from '../helpers/engine-sandbox';
import { waitFor } from '../helpers/ports';
import { startWorker } from '../helpers/processes';

// Two workers whose wall clocks disagree by ten minutes (one runs with a
// preloaded Date shifted by SKEWED_CLOCK_MS; nothing in the app knows). One
// holds a run's lease while its step's call is held open by the target; the
// other is handed a second job for the same run (a duplicate delivery, which
// the engine must tolerate). Leases are judged by PostgreSQL's clock, so the
// second worker must see the lease as live and leave the run alone: the target
// gets one call. (Before, a worker's own Date.now() decided, and the lease was
// taken over while the first call was still in flight: two calls.)

const skew = path.resolve(import.meta.dirname, '../helpers/skewed-clock.mjs');
const TEN_MINUTES = 10 * 60_000;

const { sandbox, procs, cleanups, ownRedis } = sandboxSuite('skew');

async function scenario(label: string, holderSkewMs: number, otherSkewMs: number) {
  const { redis, q } = await ownRedis();
  const target = await holdingTarget(sandbox.db, { holdMs: 10_000 });
  cleanups.push(target.close);
  const flow = await seedFlow(sandbox.db, {
    nodes: [
      { id: 'trigger', type: 'trigger.webhook', config: {} },
      { id: 'call', type: 'http.request', config: { url: `${target.url}/call`, body: {} }, timeoutMs: 30_000 },
    ],
    edges: [{ source: 'trigger', target: 'call' }],
  });
  const worker = (name: string, skewMs: number, concurrency: number) => {
    const env: Record<string, string> = {
      DATABASE_URL: sandbox.url,
      REDIS_URL: redis.url,
      WORKER_CONCURRENCY: String(concurrency),
    };
    if (skewMs)
      Object.assign(env, {
        SKEWED_CLOCK_MS: String(skewMs),
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${skew}`.trim(),
      });
    const p = startWorker(env, `skew-${label}-${name}`);
    procs.push(p);
    return p;
  };

  // Concurrency 1: while its one job waits on the held call, this worker takes no other.
  worker('holder', holderSkewMs, 1);
  const [eventId] = await acceptEvents(sandbox.db, q.queue, flow, [{}]);
  await waitFor(async () => target.calls.length >= 1, { what: 'the step’s call to arrive', timeoutMs: 60_000 });
  const run = await sandbox.db.run.findFirstOrThrow({ where: { eventId }, select: { id: true } });

  worker('other', otherSkewMs, 5);
  const jobId = newJobId(run.id);
  await enqueue('run.advance', { runId: run.id }, { jobId, queue: q.queue });
  // The other worker has handled the duplicate job (completed jobs are removed).
  await waitFor(async () => (await q.queue.getJobState(jobId)) === 'unknown', {
    what: 'the duplicate job to be handled',
    timeoutMs: 60_000,
  });
  const done = await waitFor(
    () =>
      sandbox.db.run.findFirst({
        where: { id: run.id, status: 'succeeded' },
        select: { steps: { select: { attempts: true, status: true } } },
      }),
    { what: 'the run to succeed', timeoutMs: 60_000 },
  );

  expect(target.violations).toEqual([]);
  expect(target.calls.map((c) => c.key)).toEqual([`run:${run.id}:call`]);
  expect(done.steps).toEqual([{ attempts: 1, status: 'succeeded' }]);
}

describe('leases are judged by PostgreSQL’s clock', () => {
  it('a worker whose clock runs ten minutes ahead does not take a live lease', async () => {
    await scenario('ahead', 0, TEN_MINUTES);
  });

  it('a worker whose clock runs ten minutes behind writes a lease the others see as live', async () => {
    await scenario('behind', -TEN_MINUTES, 0);
  });
});
