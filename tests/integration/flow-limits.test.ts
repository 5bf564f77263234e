import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConnectionConfig } from '@/lib/connections/connection-input';
import { seal } from '@/lib/crypto/secret-box';
import { uuid7 } from '@/lib/db/uuid7';
import { acceptEvents, queueOn, sandboxDatabase, seedFlow, type Sandbox } from '../helpers/engine-sandbox';
import { waitFor } from '../helpers/ports';
import { startRedis, startWorker, type Proc } from '../helpers/processes';

// Limits shared by all workers through Redis: a flow's `concurrency` (at most
// N runs at once) and a connection's `rateLimitPerSecond`. Two worker
// processes with room for many jobs each; the excess waits — every run still
// succeeds, and waiting never uses up one of a step's tries.

let sandbox: Sandbox;
const procs: Proc[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  sandbox = await sandboxDatabase('limits');
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill('SIGKILL')));
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await sandbox?.drop();
});

/** Answers after `holdMs`; records when each call came and how many were in flight at once. */
async function target(holdMs: number) {
  const calls: { key: string; at: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    calls.push({ key: String(req.headers['idempotency-key']), at: Date.now() });
    req.resume();
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }, holdMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => (server.closeAllConnections(), server.close(r))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, maxInFlight: () => maxInFlight };
}

async function workers(n: number) {
  const redis = await startRedis();
  cleanups.push(() => redis.kill('SIGKILL'));
  const q = queueOn(redis.url);
  cleanups.push(q.close);
  for (let i = 0; i < n; i++)
    procs.push(
      startWorker({ DATABASE_URL: sandbox.url, REDIS_URL: redis.url, WORKER_CONCURRENCY: '10' }, `limits-${i}`),
    );
  return q.queue;
}

async function finishedRuns(flowId: string, n: number) {
  return waitFor(
    async () => {
      const runs = await sandbox.db.run.findMany({
        where: { flowId },
        select: { id: true, status: true, steps: { select: { status: true, attempts: true } } },
      });
      return runs.length === n && runs.every((r) => r.status === 'succeeded' || r.status === 'failed') ? runs : null;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: `${n} runs to finish` },
  );
}

const oneCall = (url: string, extra: Record<string, unknown> = {}, trigger: Record<string, unknown> = {}) => ({
  nodes: [
    { id: 'trigger', type: 'trigger.webhook', config: trigger },
    { id: 'call', type: 'http.request', config: { method: 'POST', url: `${url}/x`, body: {}, ...extra } },
  ],
  edges: [{ source: 'trigger', target: 'call' }],
});

describe('limits shared across workers', () => {
  it('flow concurrency: never more than N runs of the flow at once over two workers; the rest wait and succeed', async () => {
    const t = await target(300);
    const queue = await workers(2);
    const flow = await seedFlow(sandbox.db, oneCall(t.url, {}, { concurrency: 2 }));
    const ids = await acceptEvents(
      sandbox.db,
      queue,
      flow,
      Array.from({ length: 12 }, (_, n) => ({ n })),
    );

    const runs = await finishedRuns(flow.flowId, ids.length);
    expect(runs.filter((r) => r.status !== 'succeeded')).toEqual([]);
    expect(t.maxInFlight()).toBe(2);
    expect(new Set(t.calls.map((c) => c.key)).size).toBe(ids.length);
    // Waiting for a slot is not a try.
    for (const r of runs) expect(r.steps.map((s) => s.attempts)).toEqual([1]);
  }, 90_000);

  it('connection rate limit: calls through one connection stay within its rate over two workers, and none is failed for it', async () => {
    const RATE = 5;
    const N = 15;
    const t = await target(5);
    const queue = await workers(2);
    const connectionId = uuid7();
    const flow = await seedFlow(sandbox.db, oneCall(t.url, { connection: connectionId }));
    const { config, secret } = parseConnectionConfig('http', {
      auth: { type: 'bearer', token: 'tok-123' },
      rateLimitPerSecond: RATE,
    });
    expect(config).toMatchObject({ rateLimitPerSecond: RATE });
    const sealed = seal(secret, flow.workspaceId);
    await sandbox.db.connection.create({
      data: {
        id: connectionId,
        workspaceId: flow.workspaceId,
        type: 'http',
        name: 'limited',
        config: config as object,
        secret: sealed.ciphertext,
        keyId: sealed.keyId,
      },
    });
    const enqueuedAt = Date.now();
    const ids = await acceptEvents(
      sandbox.db,
      queue,
      flow,
      Array.from({ length: N }, (_, n) => ({ n })),
    );

    const runs = await finishedRuns(flow.flowId, N);
    expect(runs.filter((r) => r.status !== 'succeeded')).toEqual([]);
    for (const r of runs) expect(r.steps.map((s) => s.attempts)).toEqual([1]);
    expect(new Set(t.calls.map((c) => c.key)).size).toBe(ids.length);
    // A place in the connection's one-second window is taken before each call, so the
    // last of N calls cannot come sooner than (N / RATE − 1) s after the first could
    // have. (Only a lower bound: a busy machine may delay calls, never hurry them.)
    expect(Math.max(...t.calls.map((c) => c.at)) - enqueuedAt).toBeGreaterThanOrEqual((Math.ceil(N / RATE) - 1) * 1000);
  }, 90_000);
});
