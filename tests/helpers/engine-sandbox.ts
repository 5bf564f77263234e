import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createDb } from '@/lib/db';
import { applyMigrations, ensureDatabase } from '@/lib/db/migrate';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { RUNS_QUEUE } from '@/lib/queue/jobs';
import { enqueue } from '@/lib/queue/queues';
import { prismaSql, seedLiveFlow } from './fixture';
import { startRedis, type Proc } from './processes';

// For tests that kill workers or restart Redis: a database of their own (so
// the suite's worker and its sweepers never see these runs), their own Redis
// (startRedis), flows and accepted events written straight to PostgreSQL, and
// a target that holds requests and checks every call against the database.

export type Sandbox = { url: string; db: PrismaClient; drop: () => Promise<void> };

export async function sandboxDatabase(label: string): Promise<Sandbox> {
  const base = new URL(process.env.DATABASE_URL!);
  base.pathname = `/${base.pathname.slice(1)}_${label}_${randomBytes(3).toString('hex')}`;
  const url = base.toString();
  await ensureDatabase(url);
  await applyMigrations(url);
  const db = createDb(url, 5);
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      const admin = new URL(url);
      const name = admin.pathname.slice(1);
      admin.pathname = '/postgres';
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await client.end();
    },
  };
}

/**
 * The hooks of a test file that kills workers or restarts Redis: a sandbox
 * database for the file (dropped after it), and after each test its processes
 * killed and its cleanups run, last first. `sandbox` reads the database once
 * the file's beforeAll has made it.
 */
export function sandboxSuite(label: string) {
  let current: Sandbox | undefined;
  const procs: Proc[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  const sandbox = {
    get db() {
      return current!.db;
    },
    get url() {
      return current!.url;
    },
  };
  beforeAll(async () => {
    current = await sandboxDatabase(label);
  });
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.kill('SIGKILL')));
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    await current?.drop();
  });
  /** A Redis of the test's own and a runs queue on it; both go after the test. */
  async function ownRedis() {
    const redis = await startRedis();
    cleanups.push(() => redis.kill('SIGKILL'));
    const q = queueOn(redis.url);
    cleanups.push(q.close);
    return { redis, q };
  }
  return { sandbox, procs, cleanups, ownRedis };
}

/** A workspace with one live flow running `graph` (the shared fixture, through Prisma). */
export const seedFlow = async (db: PrismaClient, graph: unknown) => {
  const { workspaceId, flowId } = await seedLiveFlow(prismaSql(db), graph, 'sandbox');
  return { workspaceId, flowId };
};

/** Accepted events, as ingest stores them, and their 'event.accepted' jobs. */
export async function acceptEvents(
  db: PrismaClient,
  queue: Queue,
  flow: { workspaceId: string; flowId: string },
  bodies: unknown[],
) {
  const ids: string[] = [];
  for (const body of bodies) {
    const ev = await db.event.create({
      data: {
        workspaceId: flow.workspaceId,
        flowId: flow.flowId,
        status: 'accepted',
        method: 'POST',
        body: body as object,
        query: {},
        headers: {},
      },
      select: { id: true },
    });
    await enqueue('event.accepted', { eventId: ev.id }, { jobId: ev.id, queue });
    ids.push(ev.id);
  }
  return ids;
}

export function queueOn(redisUrl: string): { queue: Queue; close: () => Promise<void> } {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => {});
  const queue = new Queue(RUNS_QUEUE, { connection, prefix: process.env.QUEUE_PREFIX });
  queue.on('error', () => {});
  return {
    queue,
    async close() {
      await queue.close().catch(() => {});
      connection.disconnect();
    },
  };
}

export type Call = { key: string; runId: string; nodeId: string; at: number };

/**
 * A target that answers after `holdMs` (so steps are in flight when a worker
 * dies). On arrival it checks the database: a call for a step already marked
 * succeeded, or before its parent succeeded, is a violation.
 */
export async function holdingTarget(
  db: PrismaClient,
  // holdMs may depend on the call and how many times its key was called (n, from 1).
  opts: {
    holdMs: number | ((c: Call, n: number) => number);
    parents?: Record<string, string>;
    reply?: (c: Call, n: number) => number;
  },
) {
  const calls: Call[] = [];
  const violations: string[] = [];
  const lateDeliveries: string[] = [];
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const [, runId = '', nodeId = ''] = key.split(':');
      const call = { key, runId, nodeId, at: Date.now() };
      calls.push(call);
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      try {
        const rows = await db.stepRun.findMany({
          where: { runId },
          select: { nodeId: true, status: true, error: true },
        });
        const status = (id: string) => rows.find((r) => r.nodeId === id)?.status;
        const row = rows.find((r) => r.nodeId === nodeId);
        // This process can be slow to get to a call (a busy test run): the worker
        // may have timed the attempt out meanwhile. That attempt was counted and
        // marked running before the call, so it is a late delivery, not a call
        // without its attempt (HTTP cannot tell "never arrived" from "arrived late";
        // the idempotency key covers it).
        const timedOut = row?.status === 'retrying' && /did not finish within/.test(row.error ?? '');
        if (timedOut) lateDeliveries.push(key);
        else if (status(nodeId) === 'succeeded') violations.push(`${key} called after it was marked succeeded`);
        else if (status(nodeId) !== 'running')
          violations.push(`${key} called while its row is ${status(nodeId)}, not running`);
        const parent = opts.parents?.[nodeId];
        if (parent && status(parent) !== 'succeeded') violations.push(`${key} called before ${parent} succeeded`);
      } catch (err) {
        violations.push(`check failed: ${(err as Error).message}`);
      }
      const status = opts.reply?.(call, n) ?? 200;
      const holdMs = typeof opts.holdMs === 'function' ? opts.holdMs(call, n) : opts.holdMs;
      setTimeout(
        () =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300, n })),
        holdMs,
      );
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    violations,
    /** Calls that reached this server after the worker had timed their attempt out. */
    lateDeliveries,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const threeCalls = (url: string, timeoutMs = 3000) => ({
  nodes: [
    { id: 'trigger', type: 'trigger.webhook', config: {} },
    { id: 'a', type: 'http.request', config: { url: `${url}/a`, body: { n: '{{ trigger.body.n }}' } }, timeoutMs },
    {
      id: 'b',
      type: 'http.request',
      config: { url: `${url}/b`, body: { prev: '{{ steps.a.body.n }}' } },
      timeoutMs,
      retry: { attempts: 6, backoffMs: 500 },
    },
    { id: 'c', type: 'http.request', config: { url: `${url}/c`, body: {} }, timeoutMs },
  ],
  edges: [
    { source: 'trigger', target: 'a' },
    { source: 'a', target: 'b' },
    { source: 'b', target: 'c' },
  ],
});
