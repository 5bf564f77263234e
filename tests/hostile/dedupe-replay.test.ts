import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createHookFlow, postJson, waitForFinishedRun } from '../helpers/hooks';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent } from '../helpers/run-flows';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Issue 13, class 4: neither duplicate detection nor replay can be gamed into
// running a side effect more often than once.

let t: Tenant;
let target: Awaited<ReturnType<typeof startRecordingServer>>;
let answer = 400;
beforeAll(async () => {
  t = await createTenant('dedupe-replay');
  target = await startRecordingServer(() => ({ status: answer, body: {} }));
});
afterAll(() => target?.close());

describe('dedupe', () => {
  it('a captured Standard Webhooks delivery re-sent with a fresh Idempotency-Key is a duplicate: one event, one run', async () => {
    const key = randomBytes(32);
    const flow = await createHookFlow(t, {
      signature: { scheme: 'standard-webhooks', secret: `whsec_${key.toString('base64')}` },
    });
    const body = { type: 'order.paid', id: 7 };
    const raw = JSON.stringify(body);
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'msg_captured',
      'webhook-timestamp': String(ts),
      'webhook-signature': `v1,${createHmac('sha256', key).update(`msg_captured.${ts}.${raw}`).digest('base64')}`,
    };
    const first = await postJson(flow.url, body, { ...headers, 'idempotency-key': 'original' });
    expect(first.status).toBe(202);
    const resent = await postJson(flow.url, body, { ...headers, 'idempotency-key': 'attacker-fresh-key' });
    expect(resent).toMatchObject({ status: 200, json: { eventId: first.json.eventId, duplicate: true } });

    await waitForFinishedRun(first.json.eventId);
    expect(await db.event.count({ where: { flowId: flow.id, status: 'accepted' } })).toBe(1);
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(1);
  });
});

describe('bulk replay', () => {
  it('asked twice, replays each event whose latest run failed exactly once (target calls counted)', async () => {
    const flow = await publishedFlow(
      t,
      chain([{ id: 'call', type: 'http.request', config: { url: `${target.url}/orders`, method: 'POST', body: {} } }]),
    );
    answer = 400; // not retried: the runs fail at once
    const events = await Promise.all([1, 2, 3].map((n) => sendEvent(flow.url, { n })));
    for (const e of events) expect((await finishedRun(t, { eventId: e })).status).toBe('failed');
    expect(target.requests).toHaveLength(3);

    // The target is back: the operator asks for the replay, then asks again.
    target.reply(() => ({ status: 200, body: {} }));
    const ask = () => api('/api/v1/runs/replay', { key: t.apiKey, body: { flowId: flow.id, status: 'failed' } });
    const first = await ask();
    expect(first).toMatchObject({ status: 202, json: { queued: 3 } });
    const second = await ask();
    expect(second).toMatchObject({ status: 202, json: { queued: 0 } });

    const replays = await waitFor(
      async () => {
        const runs = await db.run.findMany({
          where: { flowId: flow.id, replayOfId: { not: null } },
          select: { id: true, status: true },
        });
        return runs.length === 3 && runs.every((r) => r.status === 'succeeded') ? runs : null;
      },
      { what: 'three replays to succeed' },
    );
    expect(replays).toHaveLength(3);
    // Asked once more after they succeeded: nothing failed is left.
    expect((await ask()).json).toEqual({ queued: 0 });
    expect(target.requests).toHaveLength(3);
    expect(new Set(target.requests.map((r) => JSON.parse(r.body).n ?? r.body)).size).toBeLessThanOrEqual(3);
  });

  it('two asks at the same moment still replay each event once', async () => {
    answer = 400;
    target.reply(() => ({ status: answer, body: {} }));
    const flow = await publishedFlow(
      t,
      chain([{ id: 'call', type: 'http.request', config: { url: `${target.url}/race`, method: 'POST', body: {} } }]),
    );
    const events = await Promise.all([1, 2].map((n) => sendEvent(flow.url, { n })));
    for (const e of events) expect((await finishedRun(t, { eventId: e })).status).toBe('failed');
    const asks = await Promise.all(
      [1, 2, 3].map(() => api('/api/v1/runs/replay', { key: t.apiKey, body: { flowId: flow.id, status: 'failed' } })),
    );
    expect(asks.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(asks.reduce((n, a) => n + a.json.queued, 0)).toBe(2);
    expect(await db.run.count({ where: { flowId: flow.id, replayOfId: { not: null } } })).toBe(2);
  });
});

describe('sender check at save', () => {
  const save = (signature: unknown) =>
    api('/api/v1/flows', {
      key: t.apiKey,
      body: {
        name: 'sig',
        graph: { nodes: [{ id: 'trigger', type: 'trigger.webhook', config: { signature } }], edges: [] },
      },
    });

  it('an unknown scheme is refused at save with a 400 naming the field', async () => {
    const res = await save({ scheme: 'md5-please', secret: 'x' });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toContainEqual(
      expect.objectContaining({ path: 'graph.nodes.0.config.signature.scheme', nodeId: 'trigger' }),
    );
    expect(res.json.error.message).toContain('signature.scheme');
  });

  it('a scheme without its secret is refused at save and on update, naming the field', async () => {
    const res = await save({ scheme: 'hmac', header: 'X-Sig' });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toContainEqual(
      expect.objectContaining({ path: 'graph.nodes.0.config.signature.secret' }),
    );

    const ok = await save({ scheme: 'shared-secret', secret: 'open', header: 'X-Key' });
    expect(ok.status).toBe(201);
    const put = await api(`/api/v1/flows/${ok.json.id}`, {
      key: t.apiKey,
      method: 'PUT',
      body: {
        graph: {
          nodes: [
            {
              id: 'trigger',
              type: 'trigger.webhook',
              config: { signature: { scheme: 'shared-secret', secret: '', header: 'X-Key' } },
            },
          ],
          edges: [],
        },
      },
    });
    expect(put.status).toBe(400);
    expect(put.json.error.details[0].path).toBe('graph.nodes.0.config.signature.secret');
  });
});
