import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, finishedRun, publishedFlow, sendEvent, step } from '../helpers/run-flows';
import { startRecordingServer } from '../helpers/recording-server';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// The engine end to end: webhook → run of the published version → steps in
// graph order, each output feeding later templates (suite web + worker).

let t: Tenant;
let target: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  t = await createTenant('engine');
  target = await startRecordingServer((req) => ({
    status: 200,
    body: { echoed: JSON.parse(req.body || '{}'), path: req.path },
  }));
});
afterAll(() => target.close());

describe('a three-step flow', () => {
  it('runs the steps in order, passing each output into later templates, with one idempotency key per step', async () => {
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'lead',
          type: 'crm.upsertContact',
          config: { email: '{{ trigger.body.email }}', name: '{{ trigger.body.name }}' },
        },
        {
          id: 'notify',
          type: 'http.request',
          config: {
            method: 'POST',
            url: `${target.url}/notify`,
            body: { contact: '{{ steps.lead.contactId }}', who: '{{ trigger.body.name | upcase }}' },
          },
        },
        {
          id: 'audit',
          type: 'http.request',
          config: {
            method: 'POST',
            url: `${target.url}/audit?from={{ steps.notify.body.path | url_encode }}`,
            body: { status: '{{ steps.notify.status }}', contact: '{{ steps.notify.body.echoed.contact }}' },
          },
        },
      ]),
    );
    const eventId = await sendEvent(flow.url, { email: 'Ann@Example.test', name: 'Ann' });
    const run = await finishedRun(t, { eventId });

    expect(run).toMatchObject({ flowId: flow.id, eventId, status: 'succeeded', replayOf: null, error: null });
    expect(run.steps.map((s: any) => [s.nodeId, s.status, s.attempts])).toEqual([
      ['trigger', 'succeeded', 1],
      ['lead', 'succeeded', 1],
      ['notify', 'succeeded', 1],
      ['audit', 'succeeded', 1],
    ]);
    const contactId = step(run, 'lead').output.contactId;
    expect(contactId).toMatch(/^[0-9a-f-]{36}$/);
    // The CRM step is local (no 'running' write before it): its input is stored with its outcome.
    expect(step(run, 'lead').input).toMatchObject({ email: 'Ann@Example.test', name: 'Ann' });
    expect(step(run, 'notify').input.body).toEqual({ contact: contactId, who: 'ANN' });
    expect(step(run, 'audit').input).toMatchObject({
      url: `${target.url}/audit?from=%2Fnotify`,
      body: { status: '200', contact: contactId },
    });
    for (const s of run.steps) expect(s.startedAt && s.finishedAt).toBeTruthy();

    const hits = target.requests.filter((r) => r.headers['idempotency-key']?.toString().startsWith(`run:${run.id}:`));
    expect(hits.map((h) => [h.path, h.headers['idempotency-key']])).toEqual([
      ['/notify', `run:${run.id}:notify`],
      ['/audit?from=%2Fnotify', `run:${run.id}:audit`],
    ]);
  });

  it('runs independent branches and joins them', async () => {
    const flow = await publishedFlow(t, {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {} },
        { id: 'a', type: 'http.request', config: { url: `${target.url}/a`, body: { n: '1' } } },
        { id: 'b', type: 'http.request', config: { url: `${target.url}/b`, body: { n: '2' } } },
        {
          id: 'join',
          type: 'http.request',
          config: {
            url: `${target.url}/join`,
            body: { a: '{{ steps.a.body.echoed.n }}', b: '{{ steps.b.body.echoed.n }}' },
          },
        },
      ],
      edges: [
        { source: 'trigger', target: 'a' },
        { source: 'trigger', target: 'b' },
        { source: 'a', target: 'join' },
        { source: 'b', target: 'join' },
      ],
    });
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, {}) });
    expect(run.status).toBe('succeeded');
    expect(step(run, 'join').input.body).toEqual({ a: '1', b: '2' });
  });
});

describe('filter', () => {
  it('continues when the conditions hold and stops the branch (run still succeeded) when not', async () => {
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'vip',
          type: 'filter',
          config: {
            conditions: [{ left: '{{ trigger.body.email }}', op: 'endsWith', right: '@vip.test' }],
            match: 'all',
          },
        },
        {
          id: 'call',
          type: 'http.request',
          config: { url: `${target.url}/vip`, body: { email: '{{ trigger.body.email }}' } },
        },
        { id: 'after', type: 'http.request', config: { url: `${target.url}/after`, body: {} } },
      ]),
    );
    const yes = await finishedRun(t, { eventId: await sendEvent(flow.url, { email: 'boss@VIP.test' }) });
    const no = await finishedRun(t, { eventId: await sendEvent(flow.url, { email: 'someone@else.test' }) });

    expect(yes.status).toBe('succeeded');
    expect(yes.steps.map((s: any) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(step(yes, 'vip').output).toEqual({ passed: true });

    expect(no.status).toBe('succeeded');
    expect(step(no, 'vip')).toMatchObject({ status: 'succeeded', output: { passed: false } });
    expect(step(no, 'call').status).toBe('skipped');
    expect(step(no, 'after').status).toBe('skipped');
    const vipCalls = target.requests.filter((r) => r.path === '/vip').map((r) => JSON.parse(r.body).email);
    expect(vipCalls).toContain('boss@VIP.test');
    expect(vipCalls).not.toContain('someone@else.test');
  });
});

describe('template errors', () => {
  // An unknown filter is refused at publish (lib/flows/template-issues.ts); a template
  // over its budget can only fail when it runs.
  it('fail the step at once, naming the step and field, and the run keeps the error', async () => {
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'call',
          type: 'http.request',
          config: { url: `${target.url}/x`, body: { name: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' } },
        },
      ]),
    );
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { name: 'x' }) });
    expect(run.status).toBe('failed');
    expect(step(run, 'call')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step(run, 'call').error).toMatch(/^Step "call", field "body\.name": the template exceeds its budget/);
    expect(run.error).toContain('exceeds its budget');
    expect(target.requests.filter((r) => r.path === '/x')).toHaveLength(0);
  });
});

describe('runs API', () => {
  it('lists runs newest first with a cursor, filters by status, and hides other workspaces', async () => {
    const flow = await publishedFlow(
      t,
      chain([{ id: 'call', type: 'http.request', config: { url: `${target.url}/list`, body: {} } }]),
    );
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await finishedRun(t, { eventId: await sendEvent(flow.url, { i }) })).id);

    const page1 = await api(`/api/v1/flows/${flow.id}/runs?limit=2`, { key: t.apiKey });
    expect(page1.status).toBe(200);
    expect(page1.json.items.map((r: any) => r.id)).toEqual([ids[2], ids[1]]);
    const page2 = await api(`/api/v1/flows/${flow.id}/runs?limit=2&cursor=${page1.json.nextCursor}`, { key: t.apiKey });
    expect(page2.json).toMatchObject({
      items: [{ id: ids[0], status: 'succeeded', flowId: flow.id }],
      nextCursor: null,
    });
    expect((await api(`/api/v1/flows/${flow.id}/runs?status=failed`, { key: t.apiKey })).json.items).toEqual([]);
    const across = await api(`/api/v1/runs?flowId=${flow.id}&status=succeeded`, { key: t.apiKey });
    expect(across.json.items).toHaveLength(3);

    const other = await createTenant('engine-other');
    expect((await api(`/api/v1/runs/${ids[0]}`, { key: other.apiKey })).status).toBe(404);
    expect((await api(`/api/v1/flows/${flow.id}/runs`, { key: other.apiKey })).status).toBe(404);
    expect((await api(`/api/v1/runs/${ids[0]}/replay`, { key: other.apiKey, body: {} })).status).toBe(404);
    expect((await api(`/api/v1/runs?flowId=${flow.id}`, { key: other.apiKey })).json.items).toEqual([]);
  });
});
