import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { waitFor } from '../helpers/ports';
import { startRecordingServer, type Reply } from '../helpers/recording-server';
import { chain, finishedRun, getRun, publishedFlow, sendEvent, step } from '../helpers/run-flows';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Retries, Retry-After and replay, against a local target whose answers each
// test scripts (the suite runs with RETRY_BASE_MS=50).

let t: Tenant;
let target: Awaited<ReturnType<typeof startRecordingServer>>;
const scripts = new Map<string, (n: number) => Reply>();
const counts = new Map<string, number>();
const answeredAt = new Map<string, number[]>();

beforeAll(async () => {
  t = await createTenant('retry');
  target = await startRecordingServer((req) => {
    const path = req.path.split('?')[0]!;
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    answeredAt.set(path, [...(answeredAt.get(path) ?? []), Date.now()]);
    return scripts.get(path)?.(n) ?? { status: 200, body: { ok: true } };
  });
});
afterAll(() => target.close());

const hitsOf = (path: string) => target.requests.filter((r) => r.path.split('?')[0] === path);

describe('retries', () => {
  it('503 twice then 200: three attempts with one idempotency key, run succeeded', async () => {
    scripts.set('/flaky', (n) => (n <= 2 ? { status: 503, body: 'busy' } : { status: 200, body: { ok: n } }));
    const flow = await publishedFlow(
      t,
      chain([{ id: 'call', type: 'http.request', config: { url: `${target.url}/flaky`, body: {} } }]),
    );
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, {}) });
    expect(run.status).toBe('succeeded');
    expect(step(run, 'call')).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      error: null,
      output: { status: 200, body: { ok: 3 } },
    });
    expect(new Set(hitsOf('/flaky').map((h) => h.headers['idempotency-key']))).toEqual(new Set([`run:${run.id}:call`]));
  });

  it('422: one attempt, run failed with the error kept', async () => {
    scripts.set('/reject', () => ({ status: 422, body: 'email is invalid' }));
    const flow = await publishedFlow(
      t,
      chain([{ id: 'call', type: 'http.request', config: { url: `${target.url}/reject`, body: {} } }]),
    );
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, {}) });
    expect(run.status).toBe('failed');
    expect(step(run, 'call')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step(run, 'call').error).toContain('422');
    expect(run.error).toContain('Step "call" failed');
    expect(hitsOf('/reject')).toHaveLength(1);
  });

  it('gives up after the node’s retry.attempts and keeps the last error', async () => {
    scripts.set('/down', () => ({ status: 500, body: 'down' }));
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'call',
          type: 'http.request',
          config: { url: `${target.url}/down`, body: {} },
          retry: { attempts: 2, backoffMs: 10 },
        },
      ]),
    );
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, {}) });
    expect(run.status).toBe('failed');
    expect(step(run, 'call')).toMatchObject({ status: 'failed', attempts: 2 });
    expect(step(run, 'call').error).toMatch(/500.*gave up after 2 tries/);
  });

  it('a step that does not answer within its timeoutMs is cut off and retried, then fails', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => {}); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/hang`;
      const flow = await publishedFlow(
        t,
        chain([
          {
            id: 'call',
            type: 'http.request',
            config: { url, body: {} },
            timeoutMs: 300,
            retry: { attempts: 2, backoffMs: 10 },
          },
        ]),
      );
      const run = await finishedRun(t, { eventId: await sendEvent(flow.url, {}) });
      expect(run.status).toBe('failed');
      expect(step(run, 'call')).toMatchObject({ status: 'failed', attempts: 2 });
      expect(step(run, 'call').error).toMatch(/did not finish within 300 ms.*gave up after 2 tries/);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('honours Retry-After: the step waits as retrying with nextAttemptAt at least that far out, the run waiting', async () => {
    scripts.set('/slow-down', (n) =>
      n === 1
        ? { status: 429, headers: { 'retry-after': '3' }, body: 'slow down' }
        : { status: 200, body: { ok: true } },
    );
    const flow = await publishedFlow(
      t,
      chain([{ id: 'call', type: 'http.request', config: { url: `${target.url}/slow-down`, body: {} } }]),
    );
    const eventId = await sendEvent(flow.url, {});
    const { id: runId } = await waitFor(
      () => db.run.findUnique({ where: { originKey: eventId }, select: { id: true } }),
      { what: 'the run' },
    );
    const waiting = await waitFor(
      async () => {
        const run = await getRun(t, runId);
        // The step is marked retrying first; the run is parked as waiting once
        // nothing else of it is in flight (a separate write).
        return step(run, 'call').status === 'retrying' && run.status === 'waiting' ? run : null;
      },
      { intervalMs: 20, what: 'the step to be retrying and the run waiting' },
    );
    const firstAnswer = answeredAt.get('/slow-down')![0]!;
    const next = Date.parse(step(waiting, 'call').nextAttemptAt);
    expect(waiting.status).toBe('waiting');
    expect(Date.parse(waiting.nextAttemptAt)).toBe(next);
    expect(step(waiting, 'call')).toMatchObject({ attempts: 1, error: expect.stringContaining('429') });
    // Without Retry-After the wait would be ~50 ms (RETRY_BASE_MS).
    expect(next - firstAnswer).toBeGreaterThanOrEqual(2900);

    const done = await finishedRun(t, { runId });
    expect(done.status).toBe('succeeded');
    expect(step(done, 'call').attempts).toBe(2);
    // The second try came no earlier than the recorded time.
    expect(answeredAt.get('/slow-down')![1]!).toBeGreaterThanOrEqual(next - 25);
  });
});

describe('replay', () => {
  it('from the failed step, once the target is fixed, reuses earlier outputs without calling those steps again', async () => {
    scripts.set('/first', () => ({ status: 200, body: { token: 'abc' } }));
    scripts.set('/second', () => ({ status: 400, body: 'not yet' }));
    const flow = await publishedFlow(
      t,
      chain([
        { id: 'first', type: 'http.request', config: { url: `${target.url}/first`, body: {} } },
        {
          id: 'second',
          type: 'http.request',
          config: { url: `${target.url}/second`, body: { token: '{{ steps.first.body.token }}' } },
        },
      ]),
    );
    const failed = await finishedRun(t, { eventId: await sendEvent(flow.url, { n: 1 }) });
    expect(failed.status).toBe('failed');
    expect(hitsOf('/first')).toHaveLength(1);

    scripts.set('/second', () => ({ status: 200, body: { ok: true } }));
    const res = await api(`/api/v1/runs/${failed.id}/replay`, { key: t.apiKey, body: { fromFailedStep: true } });
    expect(res.status).toBe(202);
    const replay = await finishedRun(t, { runId: res.json.runId });
    expect(replay).toMatchObject({ status: 'succeeded', replayOf: failed.id, eventId: failed.eventId });
    expect(step(replay, 'first')).toMatchObject({
      status: 'succeeded',
      reused: true,
      output: step(failed, 'first').output,
    });
    expect(step(replay, 'second')).toMatchObject({
      status: 'succeeded',
      reused: false,
      attempts: 1,
      input: { body: { token: 'abc' } },
    });
    expect(hitsOf('/first')).toHaveLength(1);
    expect(hitsOf('/second').at(-1)!.headers['idempotency-key']).toBe(`run:${replay.id}:second`);

    // The original stays as it was.
    expect((await getRun(t, failed.id)).status).toBe('failed');
    // A replay from the failed step needs a failed run.
    expect(
      (await api(`/api/v1/runs/${replay.id}/replay`, { key: t.apiKey, body: { fromFailedStep: true } })).status,
    ).toBe(409);

    // A whole replay runs everything again, as a new run.
    const whole = await api(`/api/v1/runs/${failed.id}/replay`, { key: t.apiKey, body: {} });
    expect(whole.status).toBe(202);
    const again = await finishedRun(t, { runId: whole.json.runId });
    expect(again.status).toBe('succeeded');
    expect(step(again, 'first').reused).toBe(false);
    expect(hitsOf('/first')).toHaveLength(2);
  });

  it('whole replay runs the current published version', async () => {
    const flow = await publishedFlow(
      t,
      chain([{ id: 'call', type: 'http.request', config: { url: `${target.url}/v1`, body: {} } }]),
    );
    const first = await finishedRun(t, { eventId: await sendEvent(flow.url, {}) });
    const put = await api(`/api/v1/flows/${flow.id}`, {
      key: t.apiKey,
      method: 'PUT',
      body: { graph: chain([{ id: 'call', type: 'http.request', config: { url: `${target.url}/v2`, body: {} } }]) },
    });
    expect(put.status).toBe(200);
    expect((await api(`/api/v1/flows/${flow.id}/publish`, { key: t.apiKey, method: 'POST' })).status).toBe(200);
    const res = await api(`/api/v1/runs/${first.id}/replay`, { key: t.apiKey, body: {} });
    const replay = await finishedRun(t, { runId: res.json.runId });
    expect(replay.version).toBe(2);
    expect(step(replay, 'call').input.url).toBe(`${target.url}/v2`);
  });

  it('bulk: replays the failed runs of a flow', async () => {
    scripts.set('/bulk', () => ({ status: 404, body: 'gone' }));
    const flow = await publishedFlow(
      t,
      chain([{ id: 'call', type: 'http.request', config: { url: `${target.url}/bulk`, body: {} } }]),
    );
    const runs = [
      await finishedRun(t, { eventId: await sendEvent(flow.url, { i: 1 }) }),
      await finishedRun(t, { eventId: await sendEvent(flow.url, { i: 2 }) }),
    ];
    expect(runs.map((r) => r.status)).toEqual(['failed', 'failed']);
    scripts.set('/bulk', () => ({ status: 200, body: {} }));
    const res = await api('/api/v1/runs/replay', {
      key: t.apiKey,
      body: { flowId: flow.id, status: 'failed', fromFailedStep: true },
    });
    expect(res).toMatchObject({ status: 202, json: { queued: 2 } });
    const replays = await waitFor(
      async () => {
        const list = await api(`/api/v1/flows/${flow.id}/runs`, { key: t.apiKey });
        const r = list.json.items.filter((x: any) => x.replayOf);
        return r.length === 2 && r.every((x: any) => x.status === 'succeeded') ? r : null;
      },
      { what: 'both replays to succeed' },
    );
    expect(replays.map((r: any) => r.replayOf).sort()).toEqual(runs.map((r) => r.id).sort());
  });
});

describe('test step', () => {
  it('runs one draft step with the sample event and earlier outputs, without creating a run', async () => {
    scripts.set('/probe', () => ({ status: 200, body: { seen: true } }));
    const flow = await publishedFlow(
      t,
      chain([
        { id: 'first', type: 'http.request', config: { url: `${target.url}/first`, body: {} } },
        {
          id: 'probe',
          type: 'http.request',
          config: {
            url: `${target.url}/probe`,
            body: { email: '{{ trigger.body.email }}', token: '{{ steps.first.body.token }}' },
          },
        },
      ]),
    );
    scripts.set('/first', () => ({ status: 200, body: { token: 'from-run' } }));
    await finishedRun(t, { eventId: await sendEvent(flow.url, { email: 'old@x.test' }) });
    const sample = await fetch(`${flow.url}/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'sample@x.test' }),
    });
    expect(sample.status).toBe(202);
    const runsBefore = await db.run.count({ where: { flowId: flow.id } });

    const res = await api(`/api/v1/flows/${flow.id}/steps/probe/test`, { key: t.apiKey, method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      input: { body: { email: 'sample@x.test', token: 'from-run' } },
      output: { status: 200, body: { seen: true } },
    });
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(runsBefore);

    scripts.set('/probe', () => ({ status: 500, body: 'broken' }));
    const bad = await api(`/api/v1/flows/${flow.id}/steps/probe/test`, { key: t.apiKey, method: 'POST' });
    expect(bad.status).toBe(200);
    expect(bad.json.error).toContain('500');
    expect((await api(`/api/v1/flows/${flow.id}/steps/nope/test`, { key: t.apiKey, method: 'POST' })).status).toBe(404);
  });
});
