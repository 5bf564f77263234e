import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdingTarget, sandboxDatabase, seedFlow, type Sandbox } from '../helpers/engine-sandbox';
import { threeStepGraph } from '../helpers/fixture';
import { waitFor } from '../helpers/ports';
import { startRedis, startWeb, startWorker, type Proc } from '../helpers/processes';

// Two web processes and three workers on one PostgreSQL (a database of this
// test's own) and one Redis (a private redis-server): 1,000 webhooks spread
// over both webs, one worker SIGKILLed midway. What the engine promises
// (lib/runs): one run per accepted event (the run's originKey), a step's side
// effect starts only after the write marking it `running` with its attempt
// counted, and a succeeded step is never called again. So: every event has
// exactly one run, succeeded; every HTTP call carries its step's idempotency
// key and is counted as an attempt; the built-in CRM recorded each lead once.

const EVENTS = 1000;
const KILL_AFTER_CALLS = 300;

let sandbox: Sandbox;
const procs: Proc[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  sandbox = await sandboxDatabase('scaleout');
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
  for (const c of cleanups.reverse()) await c();
  await sandbox?.drop();
});

// A short timeout, so runs the killed worker held are taken over within seconds.
const graph = (url: string) => threeStepGraph(url, { notifyTimeoutMs: 3000 });

describe('scale-out: 2 web + 3 worker processes', () => {
  it('1,000 events over both webs, a worker SIGKILLed midway: every event runs exactly once, no side effect without its attempt', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.kill('SIGKILL'));
    // Holds each call 30 ms so steps are in flight when the worker dies; flags any call for a step not marked running.
    const target = await holdingTarget(sandbox.db, { holdMs: 30, parents: { notify: 'lead' } });
    cleanups.push(target.close);
    const env = { DATABASE_URL: sandbox.url, REDIS_URL: redis.url, WORKER_CONCURRENCY: '10' };

    const webs = await Promise.all([startWeb(env), startWeb(env)]);
    procs.push(...webs);
    const workers = [0, 1, 2].map((i) => startWorker(env, `scaleout-${i}`));
    procs.push(...workers);

    const flow = await seedFlow(sandbox.db, graph(target.url));
    const { token } = await sandbox.db.flow.findUniqueOrThrow({ where: { id: flow.flowId }, select: { token: true } });

    let killedAt = -1;
    const killer = waitFor(async () => target.calls.length >= KILL_AFTER_CALLS, {
      timeoutMs: 120_000,
      intervalMs: 10,
      what: 'calls before the kill',
    }).then(async () => {
      killedAt = target.calls.length;
      await workers[0]!.kill('SIGKILL');
    });

    const answers: { http: number; eventId?: string }[] = [];
    let next = 0;
    const sender = async () => {
      for (let i = next++; i < EVENTS; i = next++) {
        const web = webs[i % 2]!;
        const res = await fetch(`${web.url}/hooks/${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `lead-${i}@example.test`, name: `Lead ${i}` }),
        });
        const { eventId } = (await res.json()) as { eventId?: string };
        answers.push({ http: res.status, eventId });
      }
    };
    await Promise.all(Array.from({ length: 20 }, sender));
    await killer;

    expect(answers.filter((a) => a.http !== 202)).toEqual([]);
    const eventIds = answers.map((a) => a.eventId!);
    expect(new Set(eventIds).size).toBe(EVENTS);
    // The kill happened while work was still coming in and going on.
    expect(killedAt).toBeLessThan(EVENTS);

    const runs = await waitFor(
      async () => {
        const rows = await sandbox.db.run.findMany({
          where: { flowId: flow.flowId },
          select: {
            id: true,
            eventId: true,
            status: true,
            steps: { select: { nodeId: true, status: true, attempts: true } },
          },
        });
        return rows.length >= EVENTS && rows.every((r) => r.status === 'succeeded' || r.status === 'failed')
          ? rows
          : null;
      },
      { timeoutMs: 120_000, intervalMs: 500, what: `${EVENTS} runs to finish` },
    );

    // Exactly one run per accepted event, each succeeded with both steps.
    expect(runs).toHaveLength(EVENTS);
    expect(runs.map((r) => r.eventId).sort()).toEqual([...eventIds].sort());
    expect(runs.filter((r) => r.status !== 'succeeded')).toEqual([]);
    for (const r of runs) {
      expect(r.steps.map((s) => `${s.nodeId}:${s.status}`).sort()).toEqual(['lead:succeeded', 'notify:succeeded']);
    }

    // No call for a step that was not marked running, or already succeeded, or before its parent.
    expect(target.violations).toEqual([]);
    // Every side effect under its step's idempotency key, each key present once per run.
    const expectedKeys = runs.map((r) => `run:${r.id}:notify`).sort();
    const callsByKey = new Map<string, number>();
    for (const c of target.calls) callsByKey.set(c.key, (callsByKey.get(c.key) ?? 0) + 1);
    expect([...callsByKey.keys()].sort()).toEqual(expectedKeys);
    // A repeated call (cut off by the kill) is always a counted attempt of the same step.
    for (const r of runs) {
      const attempts = r.steps.find((s) => s.nodeId === 'notify')!.attempts;
      expect(callsByKey.get(`run:${r.id}:notify`)).toBeLessThanOrEqual(attempts);
    }

    // The built-in CRM: one contact per lead, one timeline entry per run.
    expect(await sandbox.db.contact.count({ where: { workspaceId: flow.workspaceId } })).toBe(EVENTS);
    expect(await sandbox.db.contactActivity.count({ where: { flowId: flow.flowId } })).toBe(EVENTS);
  }, 240_000);
});
