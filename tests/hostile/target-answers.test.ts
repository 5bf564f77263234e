import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent, step } from '../helpers/run-flows';
import { createTenant, type Tenant } from '../helpers/tenant';

// Target answers PostgreSQL cannot store as they are, against the suite's web
// and worker: the step's outcome still counts (stored cleaned or cut, with a
// note), the target is called once, and the worker goes on with other flows.
// Before: a 6,000-level answer crashed the worker (JSON.stringify in the write
// flush) on every restart; a NUL or lone surrogate in a key left the step
// `running`, and the call was made again after each lease expiry.

const DEPTH = 6000;
const deepJson = `${'['.repeat(DEPTH)}"bottom"${']'.repeat(DEPTH)}`;
// JSON text with escapes JSON.parse accepts and jsonb refuses.
const badKeys = '{"a\\u0000b": "x", "lone\\ud800": "y\\udc00", "ok": true}';

let target: Awaited<ReturnType<typeof startRecordingServer>>;
let t: Tenant;
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  target = await startRecordingServer((r) => {
    if (r.path === '/deep') return { status: 200, headers: json, body: deepJson };
    if (r.path === '/bad-keys') return { status: 200, headers: json, body: badKeys };
    return { status: 200, body: { ok: true } };
  });
  t = await createTenant('hostile-answers');
});
afterAll(() => target?.close());

const calls = (path: string) => target.requests.filter((r) => r.path === path).length;

/** A run of a plain flow completes: the worker is alive and not blocked. */
async function otherFlowCompletes(label: string) {
  const plain = await publishedFlow(
    t,
    chain([{ id: 'ping', type: 'http.request', config: { url: `${target.url}/ping-${label}` } }]),
  );
  const run = await finishedRun(t, { eventId: await sendEvent(plain.url, {}) });
  expect(run.status).toBe('succeeded');
}

describe('target answers that cannot be stored as they are', () => {
  it('a 6,000-level nested JSON answer: the step succeeds once with a cut output and a note, and the worker goes on', async () => {
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'fetch',
          type: 'http.request',
          config: { url: `${target.url}/deep` },
          retry: { attempts: 6, backoffMs: 100 },
          timeoutMs: 3000,
        },
        {
          id: 'after',
          type: 'http.request',
          config: {
            url: `${target.url}/after`,
            body: { status: '{{ steps.fetch.status }}', cut: '{{ steps.fetch._storage.truncated }}' },
          },
        },
      ]),
    );
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { n: 1 }) });
    expect(run.status).toBe('succeeded');
    const fetch = step(run, 'fetch');
    expect(fetch).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(fetch.output.status).toBe(200);
    expect(fetch.output._storage).toMatchObject({ truncated: true });
    expect(fetch.output._storage.note).toContain('nested deeper than 64 levels');
    expect(JSON.stringify(fetch.output.body)).toContain('[nested too deep to store]');
    // The next step worked with the stored output.
    expect(JSON.parse(target.requests.find((r) => r.path === '/after')!.body)).toEqual({ status: '200', cut: 'true' });
    expect(calls('/deep')).toBe(1);
    await otherFlowCompletes('deep');
    expect(calls('/deep')).toBe(1);
  });

  it('an answer with NUL and lone surrogates in keys and values: the step succeeds once, stored cleaned with a note', async () => {
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'fetch',
          type: 'http.request',
          config: { url: `${target.url}/bad-keys` },
          retry: { attempts: 6, backoffMs: 100 },
          timeoutMs: 2000,
        },
      ]),
    );
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { n: 2 }) });
    expect(run.status).toBe('succeeded');
    const fetch = step(run, 'fetch');
    expect(fetch).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(fetch.output.body).toEqual({ 'a\ufffdb': 'x', 'lone\ufffd': 'y\ufffd', ok: true });
    expect(fetch.output._storage).toMatchObject({ cleaned: true, truncated: false });
    expect(calls('/bad-keys')).toBe(1);
    await otherFlowCompletes('keys');
  });
});
