import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '@/lib/db/migrate';
import { createDb, Prisma } from '@/lib/db';
import { uuid7 } from '@/lib/db/uuid7';
import { triggerOnlyGraph } from '../helpers/hooks';
import { freePort, waitFor } from '../helpers/ports';
import { startRedis, startWeb, startWorker, type Proc } from '../helpers/processes';

// Outages with processes of our own. The Redis test uses a database of its
// own too, so that the suite's worker (whose sweeper watches the suite's
// database) cannot be the one that rescues the events.

const suiteDbUrl = new URL(process.env.DATABASE_URL!);

describe('Redis down: webhooks still accepted, every event runs once Redis is back', () => {
  const dbName = `${suiteDbUrl.pathname.slice(1)}_outage_${randomBytes(3).toString('hex')}`;
  const dbUrl = Object.assign(new URL(suiteDbUrl), { pathname: `/${dbName}` }).toString();
  const procs: Proc[] = [];
  let db: ReturnType<typeof createDb>;

  beforeAll(async () => {
    await applyMigrations(dbUrl);
    db = createDb(dbUrl, 2);
  });

  afterAll(async () => {
    for (const p of procs) await p.kill();
    await db?.$disconnect();
    const admin = new pg.Client({
      connectionString: Object.assign(new URL(suiteDbUrl), { pathname: '/postgres' }).toString(),
    });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  });

  it('answers 202 during the outage and the sweeper enqueues every event when Redis returns', async () => {
    const workspace = await db.workspace.create({ data: { name: 'outage' }, select: { id: true } });
    const token = randomBytes(24).toString('base64url');
    const flowId = uuid7();
    await db.flow.create({
      data: {
        id: flowId,
        workspaceId: workspace.id,
        name: 'outage',
        status: 'live',
        token,
        draftGraph: triggerOnlyGraph() as Prisma.InputJsonValue,
        publishedVersion: 1,
      },
    });
    await db.flowVersion.create({
      data: { workspaceId: workspace.id, flowId, version: 1, graph: triggerOnlyGraph() as Prisma.InputJsonValue },
    });

    let redis = await startRedis();
    procs.push(redis);
    const env = { DATABASE_URL: dbUrl, REDIS_URL: redis.url };
    const web = await startWeb(env);
    procs.push(web);
    procs.push(startWorker(env, 'outage-worker'));
    const hook = `${web.url}/hooks/${token}`;
    const deliver = () =>
      fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"n":1}',
        signal: AbortSignal.timeout(10_000),
      });

    const runFor = (eventId: string) =>
      db.run.findFirst({ where: { originKey: eventId, status: 'succeeded' }, select: { id: true } });
    const before = await (await deliver()).json();
    await waitFor(() => runFor(before.eventId), { what: 'the run before the outage' });

    await redis.kill();
    const during: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await deliver();
      expect(res.status).toBe(202);
      const body = await res.json();
      expect(body.status).toBe('accepted');
      during.push(body.eventId);
    }
    expect(await db.event.count({ where: { id: { in: during }, status: 'accepted' } })).toBe(20);

    // Redis comes back empty on the same port.
    redis = await startRedis(redis.port);
    procs.push(redis);
    for (const eventId of during)
      await waitFor(() => runFor(eventId), { timeoutMs: 60_000, what: `the run of ${eventId}` });
    expect(await db.run.count({ where: { flowId } })).toBe(21);
    // Settled by the sweeper: nothing left for it to look at.
    await waitFor(async () => (await db.event.count({ where: { flowId, status: 'accepted', queuedAt: null } })) === 0, {
      timeoutMs: 30_000,
      what: 'the sweeper to settle the events',
    });
  });
});

describe('PostgreSQL unreachable', () => {
  let web: Proc & { url: string };
  afterAll(async () => web?.kill());

  it('answers 503 (nothing stored, sender retries) instead of hanging', async () => {
    const port = await freePort();
    web = await startWeb({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/nothing` });
    for (const path of ['/hooks/some0token0that0looks0valid', '/hooks/some0token0that0looks0valid/test']) {
      const res = await fetch(`${web.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
        signal: AbortSignal.timeout(15_000),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(await res.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    }
  });
});
