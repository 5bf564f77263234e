import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent, step } from '../helpers/run-flows';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';

// A template that asks for a 40,000,000-item range, in several header values.
// Before, liquidjs charged the range against its memory limit (50M) before
// building it: the step test took the web process down (192 MiB heap) and a
// run blocked the worker for seconds per value. Now the range is refused
// within the step's render budget: a template error, not retried.

const RANGE = '{% for i in (1..40000000) %}x{% endfor %}';
const headers = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`x-h${i}`, RANGE]));
// Each value within liquidjs's own per-string limits (a 200,000-item loop, well under a second): together,
// before, they held the worker for seconds and the step went on to call the target.
const LOOP = '{% for i in (1..200000) %}{% endfor %}';
const loops = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`x-l${i}`, LOOP]));

let target: Awaited<ReturnType<typeof startRecordingServer>>;
let t: Tenant;

beforeAll(async () => {
  target = await startRecordingServer(() => ({ status: 200, body: { ok: true } }));
  t = await createTenant('hostile-templates');
});
afterAll(() => target?.close());

const called = (path: string) => target.requests.some((r) => r.path === path);

describe('a template over its budget', () => {
  it('in a step test: a clear template error, and the web process stays up', async () => {
    const graph = chain([{ id: 'call', type: 'http.request', config: { url: `${target.url}/tested`, headers } }]);
    const created = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'range test', graph } });
    expect(created.status).toBe(201);
    const res = await api(`/api/v1/flows/${created.json.id}/steps/call/test`, { key: t.apiKey, method: 'POST' });
    expect(res.status).toBeLessThan(500);
    const error: string = res.status === 200 ? res.json.error : res.json.error.message;
    expect(error).toMatch(/^Step "call", field "headers\.x-h\d": the template exceeds its budget/);
    expect((await fetch(`${baseUrl()}/api/health`)).status).toBe(200);
    expect(called('/tested')).toBe(false);
  });

  it('in a run: the step fails with a template error once, and the worker goes on with other flows', async () => {
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'call',
          type: 'http.request',
          config: { url: `${target.url}/run`, headers },
          retry: { attempts: 6, backoffMs: 100 },
        },
      ]),
    );
    const other = await publishedFlow(
      t,
      chain([{ id: 'ping', type: 'http.request', config: { url: `${target.url}/ping` } }]),
    );
    const hostile = await sendEvent(flow.url, {});
    const next = await sendEvent(other.url, {});

    const run = await finishedRun(t, { eventId: hostile });
    expect(run.status).toBe('failed');
    const call = step(run, 'call');
    expect(call).toMatchObject({ status: 'failed', attempts: 1 });
    expect(call.error).toMatch(/field "headers\.x-h\d": the template exceeds its budget/);
    expect((await finishedRun(t, { eventId: next })).status).toBe('succeeded');
    expect(called('/run')).toBe(false);
  });

  it('in a run: a budget for the whole config, not per value: many loops fail the step once, without calling the target', async () => {
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'call',
          type: 'http.request',
          config: { url: `${target.url}/loops`, headers: loops },
          retry: { attempts: 6, backoffMs: 100 },
        },
      ]),
    );
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, {}) });
    expect(run.status).toBe('failed');
    const call = step(run, 'call');
    expect(call).toMatchObject({ status: 'failed', attempts: 1 });
    expect(call.error).toMatch(/field "headers\.x-l\d": the template exceeds its budget: it took longer than/);
    expect(called('/loops')).toBe(false);
  });
});
