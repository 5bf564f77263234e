import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { queueOn, sandboxDatabase, seedFlow, type Sandbox } from '../helpers/engine-sandbox';
import { waitFor } from '../helpers/ports';
import { startRedis } from '../helpers/processes';
import { chain, finishedRun, publishedFlow, sendEvent } from '../helpers/run-flows';
import { lastLine, runCli } from '../helpers/run-cli';
import { api, createTenant } from '../helpers/tenant';

// The operator commands of `npm run cli`: flows:list, runs:replay and
// events:requeue, against a real database, Redis and worker.

describe('flows:list', () => {
  it('lists the flows of a user (by email) or a workspace with status and webhook URL, and no one else’s', async () => {
    const [t, other] = await Promise.all([createTenant('cli-list'), createTenant('cli-other')]);
    const draft = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'Contact form' } });
    const live = await publishedFlow(
      t,
      chain([{ id: 'lead', type: 'crm.upsertContact', config: { email: 'a@example.test' } }]),
      'Shop orders',
    );
    const foreign = await api('/api/v1/flows', { key: other.apiKey, body: { name: 'Not yours' } });

    for (const args of [
      ['--email', t.email],
      ['--workspace', t.workspaceId],
    ]) {
      const res = await runCli(['flows:list', ...args]);
      expect(res.code, res.stderr).toBe(0);
      const lines = res.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^ID\s+NAME\s+STATUS\s+WEBHOOK URL$/);
      const row = (id: string) => lines.find((l) => l.startsWith(id));
      expect(row(draft.json.id)).toMatch(new RegExp(`Contact form\\s+draft\\s+${escape(draft.json.webhookUrl)}$`));
      expect(row(live.id)).toMatch(new RegExp(`Shop orders\\s+live\\s+${escape(live.url)}$`));
      expect(res.stdout).not.toContain(foreign.json.id);
      expect(lastLine(res.stdout)).toBe('2 flows.');
    }
  });

  it('says so when the user or workspace does not exist (exit 1) and refuses both filters at once (exit 2)', async () => {
    const unknown = await runCli(['flows:list', '--email', 'nobody-cli@example.test']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no user with email nobody-cli@example.test');
    const noWorkspace = await runCli(['flows:list', '--workspace', '00000000-0000-7000-8000-000000000000']);
    expect(noWorkspace.code).toBe(1);
    expect(noWorkspace.stderr).toContain('no workspace with id 00000000-0000-7000-8000-000000000000');
    const both = await runCli(['flows:list', '--email', 'a@example.test', '--workspace', 'x']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --email or --workspace, not both');
  });
});

describe('runs:replay', () => {
  let target: http.Server;
  let answer = 400;
  beforeAll(async () => {
    target = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answer, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise((r) => target.close(r)));

  it('replays every failed run of a flow, prints how many were queued, and the replays run', async () => {
    const t = await createTenant('cli-replay');
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/orders`;
    const flow = await publishedFlow(
      t,
      chain([{ id: 'call', type: 'http.request', config: { url, method: 'POST', body: {} } }]),
    );
    const since = new Date().toISOString();
    answer = 400; // not retried: the runs fail at once
    const failed = await Promise.all(
      [{ n: 1 }, { n: 2 }].map(async (b) => finishedRun(t, { eventId: await sendEvent(flow.url, b) })),
    );
    expect(failed.map((r) => r.status)).toEqual(['failed', 'failed']);

    // Nothing created after a future --since.
    const none = await runCli([
      'runs:replay',
      '--flow',
      flow.id,
      '--status',
      'failed',
      '--since',
      '2999-01-01T00:00:00Z',
    ]);
    expect(none.code, none.stderr).toBe(0);
    expect(lastLine(none.stdout)).toBe('0');

    answer = 200;
    const res = await runCli([
      'runs:replay',
      '--flow',
      flow.id,
      '--status',
      'failed',
      '--since',
      since,
      '--from-failed-step',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Queued 2 replays from the failed step of failed runs of flow "run test"');
    expect(lastLine(res.stdout)).toBe('2');

    const replays = await waitFor(
      async () => {
        const rows = await db.run.findMany({
          where: { workspaceId: t.workspaceId, replayOfId: { in: failed.map((r) => r.id) } },
          select: { id: true },
        });
        return rows.length === 2 ? rows : null;
      },
      { what: 'two replay runs' },
    );
    for (const r of replays) expect((await finishedRun(t, { runId: r.id })).status).toBe('succeeded');
  });

  it('refuses a bad command line (exit 2, checked before connecting) and an unknown flow (exit 1)', async () => {
    // Usage errors are found without PostgreSQL.
    const offline = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/x' };
    const badStatus = await runCli(
      ['runs:replay', '--flow', '00000000-0000-7000-8000-000000000000', '--status', 'broken'],
      offline,
    );
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain(
      '--status must be one of: queued, running, waiting, succeeded, failed, canceled',
    );
    const noFlow = await runCli(['runs:replay', '--status', 'failed'], offline);
    expect(noFlow.code).toBe(2);
    expect(noFlow.stderr).toContain('--flow is required');
    const wholeOnly = await runCli(
      ['runs:replay', '--flow', '00000000-0000-7000-8000-000000000000', '--status', 'succeeded', '--from-failed-step'],
      offline,
    );
    expect(wholeOnly.code).toBe(2);
    expect(wholeOnly.stderr).toContain('--from-failed-step replays failed runs only');
    const unknown = await runCli([
      'runs:replay',
      '--flow',
      '00000000-0000-7000-8000-000000000000',
      '--status',
      'failed',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no flow with id 00000000-0000-7000-8000-000000000000');
  });
});

describe('events:requeue', () => {
  // A database and Redis of its own with no worker, so nothing else sweeps
  // these events and the jobs stay in Redis to be looked at.
  let sandbox: Sandbox;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let queue: ReturnType<typeof queueOn>;
  beforeAll(async () => {
    sandbox = await sandboxDatabase('requeue');
    redis = await startRedis();
    queue = queueOn(redis.url);
  });
  afterAll(async () => {
    await queue?.close();
    await redis?.kill('SIGKILL');
    await sandbox?.drop();
  });

  const env = () => ({ DATABASE_URL: sandbox.url, REDIS_URL: redis.url });
  const graph = { nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }], edges: [] };
  const lostEvent = (flow: { workspaceId: string; flowId: string }) =>
    sandbox.db.event.create({
      data: {
        workspaceId: flow.workspaceId,
        flowId: flow.flowId,
        status: 'accepted',
        method: 'POST',
        body: {},
        query: {},
        headers: {},
      },
      select: { id: true },
    });

  it('re-enqueues accepted events without a run and runs whose job is gone, for one flow or all, once', async () => {
    const a = await seedFlow(sandbox.db, graph);
    const b = await seedFlow(sandbox.db, graph);
    const eventA = await lostEvent(a);
    const eventB = await lostEvent(b);
    // A run waiting for a retry an hour ahead whose job Redis lost.
    const version = await sandbox.db.flowVersion.findFirstOrThrow({
      where: { flowId: a.flowId },
      select: { id: true },
    });
    const otherEvent = await lostEvent(a);
    await sandbox.db.event.update({
      where: { id: otherEvent.id },
      data: { queuedAt: new Date() },
      select: { id: true },
    });
    const run = await sandbox.db.run.create({
      data: {
        workspaceId: a.workspaceId,
        flowId: a.flowId,
        eventId: otherEvent.id,
        flowVersionId: version.id,
        originKey: otherEvent.id,
        status: 'waiting',
        nextAttemptAt: new Date(Date.now() + 3600_000),
        jobId: 'lost-job',
      },
      select: { id: true },
    });

    const one = await runCli(['events:requeue', '--flow', a.flowId], env());
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain(`Events of flow ${a.flowId}: re-enqueued 1 accepted event without a run`);
    expect(one.stdout).toContain(`Runs of flow ${a.flowId}: re-enqueued 1 of 1 unfinished run`);
    expect(await queue.queue.getJobState(eventA.id)).toBe('waiting');
    expect(await queue.queue.getJobState(eventB.id)).toBe('unknown');
    const { jobId } = await sandbox.db.run.findUniqueOrThrow({ where: { id: run.id }, select: { jobId: true } });
    expect(jobId).not.toBe('lost-job');
    expect(await queue.queue.getJobState(jobId!)).toBe('delayed');

    // Every flow: only what is still missing (B's event) is added.
    const all = await runCli(['events:requeue'], env());
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('Events: re-enqueued 1 accepted event without a run');
    expect(all.stdout).toContain('Runs: re-enqueued 0 of 1 unfinished run');
    expect(await queue.queue.getJobState(eventB.id)).toBe('waiting');

    const again = await runCli(['events:requeue'], env());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing was missing.');
  });

  it('says Redis cannot be reached (exit 1) and refuses a malformed flow id (exit 2)', async () => {
    const down = await runCli(['events:requeue'], { DATABASE_URL: sandbox.url, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Redis did not answer');
    const bad = await runCli(['events:requeue', '--flow', 'not-an-id'], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--flow must be a flow id');
  });
});

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
