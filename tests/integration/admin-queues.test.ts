import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueOverview, retryFailedJob } from '@/lib/admin/queue-overview';
import { RUNS_QUEUE } from '@/lib/queue/jobs';
import { createHookFlow, postJson, waitForFinishedRun } from '../helpers/hooks';
import { waitFor } from '../helpers/ports';
import { startRedis, startWeb, type Proc } from '../helpers/processes';
import { createTenant, type Tenant } from '../helpers/tenant';

// Settings → Queues: counts and the oldest wait of the runs queue, and the
// workspace's own failed jobs with Retry — never another workspace's. A
// private Redis holds a queue whose only worker fails every job.

let redis: Proc & { url: string };
let connection: Redis;
let queue: Queue;
let tenant: Tenant;
let other: Tenant;
let web: (Proc & { url: string }) | undefined;

beforeAll(async () => {
  redis = await startRedis();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  queue = new Queue(RUNS_QUEUE, { connection, prefix: process.env.QUEUE_PREFIX });
  [tenant, other] = await Promise.all([createTenant('queues'), createTenant('queues-other')]);
}, 60_000);
afterAll(async () => {
  await web?.kill('SIGTERM');
  await queue?.close();
  connection?.disconnect();
  await redis?.kill('SIGKILL');
});

/** A finished run of the tenant's (made by the suite's worker), whose id a failed job can carry. */
async function runOf(t: Tenant) {
  const flow = await createHookFlow(t);
  const { json } = await postJson(flow.url, { n: 1 });
  return (await waitForFinishedRun(json.eventId)).id;
}

describe('queue admin view', () => {
  it('lists only the workspace’s failed jobs, retries them, and shows counts, oldest wait and workers', async () => {
    const [mine, theirs] = await Promise.all([runOf(tenant), runOf(other)]);
    const workerConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const failing = new Worker(
      RUNS_QUEUE,
      async () => {
        throw new Error('boom: the database was unavailable');
      },
      { connection: workerConnection, prefix: process.env.QUEUE_PREFIX },
    );
    await queue.add('run.advance', { runId: mine }, { jobId: `mine-${mine}`, attempts: 1 });
    await queue.add('run.advance', { runId: theirs }, { jobId: `theirs-${theirs}`, attempts: 1 });
    await waitFor(async () => (await queue.getJobCounts('failed')).failed === 2, { what: 'both jobs to fail' });
    await failing.close();
    workerConnection.disconnect();

    await queue.add('run.advance', { runId: mine }, { jobId: `waiting-${mine}` });
    const view = await queueOverview(tenant.workspaceId, queue);
    expect(view.failed.map((j) => [j.jobId, j.runId, j.reason, j.attempts])).toEqual([
      [`mine-${mine}`, mine, 'boom: the database was unavailable', 1],
    ]);
    expect(view.counts).toMatchObject({ failed: 2, waiting: 1 });
    expect(view.oldestWaitingSeconds).not.toBeNull();
    expect(view.workers).toBe(0);

    // The web page renders the same for the owner.
    web = await startWeb({ REDIS_URL: redis.url });
    const page = await fetch(`${web.url}/settings/queues`, { headers: { cookie: tenant.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('boom: the database was unavailable');
    expect(html).toContain(`/runs/${mine}`);
    expect(html).not.toContain(theirs);

    expect(await retryFailedJob(tenant.workspaceId, `theirs-${theirs}`, queue)).toBe('not_found');
    expect(await retryFailedJob(tenant.workspaceId, `mine-${mine}`, queue)).toBe('retried');
    expect(await queue.getJobState(`mine-${mine}`)).toBe('waiting');
    expect(await queue.getJobState(`theirs-${theirs}`)).toBe('failed');
    expect(await retryFailedJob(tenant.workspaceId, `mine-${mine}`, queue)).toBe('not_found');
  }, 120_000);
});
