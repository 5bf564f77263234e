import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent } from '../helpers/run-flows';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';

// Issue 17, items 1 and 7 through the API: a bulk replay job over the runs a
// filter matches (or the runs chosen), followed to its summary, never
// doubling when asked twice; and the run event stream, scoped to the
// workspace, carrying a run's way to `succeeded`.

let a: Tenant;
let b: Tenant;
let target: Awaited<ReturnType<typeof startRecordingServer>>;

const signupFlow = () =>
  chain([
    {
      id: 'signup',
      type: 'http.request',
      config: { url: `${target.url}/signup`, body: { email: '{{ trigger.body.email }}' } },
      retry: { attempts: 1 },
    },
  ]);

beforeAll(async () => {
  // A CRM that is down for some addresses until told otherwise.
  target = await startRecordingServer(() => ({ status: 503, body: { error: 'down' } }));
  [a, b] = await Promise.all([createTenant('bulk-a'), createTenant('bulk-b')]);
});
afterAll(async () => {
  await target?.close();
});

type Job = {
  id: string;
  status: string;
  total: number;
  done: number;
  replayed: number;
  skipped: number;
  errors: number;
  skipReasons: Record<string, number>;
};

async function finishedJob(t: Tenant, id: string): Promise<Job> {
  return waitFor(
    async () => {
      const res = await api(`/api/v1/runs/replay-jobs/${id}`, { key: t.apiKey });
      expect(res.status).toBe(200);
      return res.json.status === 'done' ? (res.json as Job) : null;
    },
    { what: `bulk replay ${id} to finish` },
  );
}

describe('bulk replay jobs', () => {
  it('replays the failed runs a search matches once, and a second job skips them all', async () => {
    const flow = await publishedFlow(a, signupFlow(), 'Signups');
    const emails = ['ann@shop.test', 'bob@shop.test', 'cy@other.test'];
    const runs = [];
    for (const email of emails) runs.push(await finishedRun(a, { eventId: await sendEvent(flow.url, { email }) }));
    expect(runs.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    target.reply(() => ({ status: 200, body: { ok: true } }));

    const filter = { flowId: flow.id, status: 'failed', search: '@SHOP.test' };
    const created = await api('/api/v1/runs/replay-jobs', { key: a.apiKey, body: { ...filter, fromFailedStep: true } });
    expect(created.status).toBe(202);
    expect(created.json.total).toBe(2);
    const job = await finishedJob(a, created.json.id);
    expect(job).toMatchObject({ total: 2, done: 2, replayed: 2, skipped: 0, errors: 0 });

    const replays = await db.run.findMany({
      where: { replayOfId: { in: runs.map((r) => r.id) } },
      select: { id: true, replayOfId: true },
    });
    expect(replays.map((r) => r.replayOfId).sort()).toEqual([runs[0].id, runs[1].id].sort());
    for (const r of replays) expect((await finishedRun(a, { runId: r.id })).status).toBe('succeeded');
    expect(target.requests.map((r) => JSON.parse(r.body).email).sort()).toEqual(['ann@shop.test', 'bob@shop.test']);

    // Asked again over the same runs (chosen this time): each event's latest run is now the replay.
    const again = await api('/api/v1/runs/replay-jobs', {
      key: a.apiKey,
      body: { runIds: runs.map((r) => r.id), fromFailedStep: true },
    });
    expect(again.status).toBe(202);
    const second = await finishedJob(a, again.json.id);
    expect(second).toMatchObject({ total: 3, replayed: 1, skipped: 2, errors: 0 });
    expect(second.skipReasons).toEqual({ alreadyReplayed: 2 });
    // Only cy's run was still its event's latest: replayed now, once.
    expect(await db.run.count({ where: { replayOfId: { in: runs.map((r) => r.id) } } })).toBe(3);
    target.reply(() => ({ status: 503, body: { error: 'down' } }));
  });

  it('is scoped to the workspace and validates its input', async () => {
    const flow = await publishedFlow(a, signupFlow(), 'Scoped');
    const run = await finishedRun(a, { eventId: await sendEvent(flow.url, { email: 'x@shop.test' }) });
    const other = await api('/api/v1/runs/replay-jobs', { key: b.apiKey, body: { runIds: [run.id] } });
    expect(other.status).toBe(400);
    expect(await api('/api/v1/runs/replay-jobs', { key: b.apiKey, body: { flowId: flow.id } })).toMatchObject({
      status: 404,
    });
    const bad = await api('/api/v1/runs/replay-jobs', { key: a.apiKey, body: { runIds: ['nope'] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe('runIds.0');
    const mine = await api('/api/v1/runs/replay-jobs', { key: a.apiKey, body: { runIds: [run.id] } });
    expect((await api(`/api/v1/runs/replay-jobs/${mine.json.id}`, { key: b.apiKey })).status).toBe(404);
  });
});

/** Reads Server-Sent Events from the stream until `until` says stop. */
async function readStream(key: string, query: string, until: (events: { event: string; data: any }[]) => boolean) {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl()}/api/v1/runs/stream${query}`, {
    headers: { authorization: `Bearer ${key}` },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: { event: string; data: any }[] = [];
  const reader = res.body!.getReader();
  let buffer = '';
  const done = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += Buffer.from(value).toString('utf8');
      let at: number;
      while ((at = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) events.push({ event, data: data ? JSON.parse(data) : null });
      }
      if (until(events)) return;
    }
  })().catch((err: Error) => {
    // Closing the stream ends the read with an AbortError.
    if (err.name !== 'AbortError') throw err;
  });
  return { events, done, close: () => controller.abort() };
}

describe('run event stream', () => {
  it('tells a workspace of its own run going from running to succeeded, and no other workspace', async () => {
    // Holds each call until released, so the run is seen running first.
    const held: http.ServerResponse[] = [];
    const slow = http.createServer((req, res) => {
      req.resume();
      held.push(res);
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
      const flow = await publishedFlow(a, chain([{ id: 'call', type: 'http.request', config: { url } }]), 'Slow');
      const mine = await readStream(a.apiKey, `?flowId=${flow.id}`, (ev) =>
        ev.some((e) => e.event === 'runs' && e.data.some((c: any) => c.status === 'succeeded')),
      );
      const theirs = await readStream(b.apiKey, '', () => false);
      await waitFor(async () => mine.events.some((e) => e.event === 'ready') || null, { what: 'the stream to open' });
      const eventId = await sendEvent(flow.url, { email: 'live@shop.test' });
      await waitFor(async () => held.length > 0 || null, { what: 'the step to call out' });
      const run = await db.run.findUniqueOrThrow({ where: { originKey: eventId }, select: { id: true } });
      await waitFor(
        async () =>
          mine.events.some(
            (e) => e.event === 'runs' && e.data.some((c: any) => c.runId === run.id && c.status === 'running'),
          ) || null,
        { what: 'the running status on the stream' },
      );
      held.shift()!.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      await mine.done;
      const changes = mine.events.filter((e) => e.event === 'runs').flatMap((e) => e.data);
      expect(changes.at(-1)).toEqual({ runId: run.id, flowId: flow.id, status: 'succeeded' });
      expect(theirs.events.filter((e) => e.event === 'runs')).toEqual([]);
      mine.close();
      theirs.close();
    } finally {
      for (const res of held) res.destroy();
      await new Promise((r) => slow.close(r));
    }
  });

  it('answers 401 without a key and 400 for a malformed filter', async () => {
    expect((await fetch(`${baseUrl()}/api/v1/runs/stream`)).status).toBe(401);
    expect((await api('/api/v1/runs/stream?flowId=nope', { key: a.apiKey })).status).toBe(400);
  });
});
