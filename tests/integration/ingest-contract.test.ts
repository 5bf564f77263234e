import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createHookFlow, flowEvents, getEvent, postJson, setTrigger, waitForFinishedRun } from '../helpers/hooks';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Every status code and body of the contract's "Webhook ingest" section,
// against the suite's real web server, PostgreSQL, Redis and worker.

const MAX = 1024 * 1024; // WEBHOOK_MAX_BYTES default

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('ingest');
});

/** Fixed-window rate limits: keep a test's requests inside one minute. */
async function awayFromMinuteBoundary() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 200));
}

describe('webhook ingest: accepted path', () => {
  it('answers 202 accepted once the event is stored, and the published flow runs it', async () => {
    const flow = await createHookFlow(t);
    const res = await postJson(flow.url, { email: 'ada@example.com' });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ eventId: expect.any(String), status: 'accepted' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const event = await getEvent(t, res.json.eventId);
    expect(event).toMatchObject({
      id: res.json.eventId,
      flowId: flow.id,
      status: 'accepted',
      source: 'webhook',
      method: 'POST',
      body: { email: 'ada@example.com' },
    });
    expect(event.headers['content-type']).toBe('application/json');
    const run = await waitForFinishedRun(res.json.eventId);
    expect(run.status).toBe('succeeded');
    expect((await getEvent(t, res.json.eventId)).runId).toBe(run.id);
  });

  it('captures a test event (202 "test") for a flow never published, and makes it the editor sample', async () => {
    const flow = await createHookFlow(t, {}, { publish: false });
    const res = await postJson(flow.url, { name: 'Ada' });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ eventId: expect.any(String), status: 'test' });
    const f = await api(`/api/v1/flows/${flow.id}`, { key: t.apiKey });
    expect(f.json.sampleEventId).toBe(res.json.eventId);
  });

  it('the /test URL always captures a test event and never runs anything, even on a live flow', async () => {
    const flow = await createHookFlow(t);
    const test = await postJson(flow.testUrl, { sample: true });
    expect(test.status).toBe(202);
    expect(test.json.status).toBe('test');
    // A later live event's run proves the worker has been through the queue.
    const live = await postJson(flow.url, { live: true });
    await waitForFinishedRun(live.json.eventId);
    expect(await db.run.count({ where: { eventId: test.json.eventId } })).toBe(0);
    expect((await getEvent(t, test.json.eventId)).status).toBe('test');
    // Test events take no part in duplicate detection.
    const again = await postJson(flow.testUrl, { sample: true }, { 'idempotency-key': 'same' });
    const again2 = await postJson(flow.testUrl, { sample: true }, { 'idempotency-key': 'same' });
    expect([again.status, again2.status]).toEqual([202, 202]);
    expect(again2.json.eventId).not.toBe(again.json.eventId);
  });

  it('GET (when the trigger accepts it) carries its data in the query string, which also stands as the body', async () => {
    const flow = await createHookFlow(t, { methods: ['POST', 'GET'] });
    const res = await fetch(`${flow.url}?email=ada%40example.com&tag=a&tag=b`);
    expect(res.status).toBe(202);
    const { eventId } = await res.json();
    const event = await getEvent(t, eventId);
    expect(event.method).toBe('GET');
    expect(event.query).toEqual({ email: 'ada@example.com', tag: ['a', 'b'] });
    expect(event.body).toEqual(event.query);
  });

  it('accepts PUT and PATCH, and answers a CORS preflight', async () => {
    const flow = await createHookFlow(t);
    for (const method of ['PUT', 'PATCH']) {
      const res = await fetch(flow.url, { method, headers: { 'content-type': 'application/json' }, body: '{"m":1}' });
      expect(res.status).toBe(202);
    }
    const pre = await fetch(flow.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toContain('content-type');
  });

  it('sends a browser form (Accept: text/html) on to redirectUrl with 303; API callers still get JSON', async () => {
    const flow = await createHookFlow(t, { redirectUrl: 'https://example.com/thanks' });
    const form = await fetch(flow.url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml' },
      body: 'email=ada%40example.com',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('https://example.com/thanks');
    const apiCall = await postJson(flow.url, { email: 'x@example.com' });
    expect(apiCall.status).toBe(202);
    expect((await flowEvents(t, flow.id, 'accepted')).length).toBe(2);
  });
});

describe('webhook ingest: errors', () => {
  it('404 for an unknown token, and for a rotated or deleted flow’s old URL', async () => {
    const unknown = await postJson(`${process.env.APP_URL}/hooks/nosuchtoken0123456789abcdef`, {});
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 'not_found', message: expect.any(String) } });

    const flow = await createHookFlow(t);
    const rotated = await api(`/api/v1/flows/${flow.id}/rotate-token`, { key: t.apiKey, method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(rotated.json.webhookUrl).not.toBe(flow.url);
    expect((await postJson(flow.url, {})).status).toBe(404);
    expect((await postJson(`${flow.url}/test`, {})).status).toBe(404);
    expect((await postJson(rotated.json.webhookUrl, {})).status).toBe(202);

    expect((await api(`/api/v1/flows/${flow.id}`, { key: t.apiKey, method: 'DELETE' })).status).toBe(204);
    expect((await postJson(rotated.json.webhookUrl, {})).status).toBe(404);
  });

  it('413 for a body over WEBHOOK_MAX_BYTES, declared or streamed; recorded as refused without the body', async () => {
    const flow = await createHookFlow(t);
    const big = 'x'.repeat(MAX + 1);
    const declared = await fetch(flow.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });

    // Chunked, no Content-Length: refused while counting bytes.
    const chunk = new Uint8Array(64 * 1024).fill(120);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 4 * MAX) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const streamed = await fetch(flow.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const just = await fetch(flow.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(MAX),
    });
    expect(just.status).toBe(202);

    const refused = await flowEvents(t, flow.id, 'refused');
    expect(refused).toHaveLength(2);
    for (const e of refused) {
      expect(e).toMatchObject({
        status: 'refused',
        httpStatus: 413,
        body: null,
        refusalReason: expect.stringContaining('larger'),
      });
      expect(e.runId).toBeNull();
    }
  });

  it('400 for a body that does not parse as its content type; recorded, nothing runnable stored', async () => {
    const flow = await createHookFlow(t);
    const res = await fetch(flow.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('JSON') } });
    const events = await flowEvents(t, flow.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'refused', httpStatus: 400, body: null });
  });

  it('401 for a failed sender check, on the live and the test URL; recorded with the reason', async () => {
    const flow = await createHookFlow(t, {
      signature: { scheme: 'shared-secret', secret: 'open-sesame', header: 'X-Secret' },
    });
    const bad = await postJson(flow.url, { a: 1 }, { 'x-secret': 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.json).toEqual({ error: { code: 'invalid_signature', message: expect.any(String) } });
    expect((await postJson(flow.testUrl, { a: 1 })).status).toBe(401);
    const good = await postJson(flow.url, { a: 1 }, { 'x-secret': 'open-sesame' });
    expect(good.status).toBe(202);
    // The secret itself is never stored with the event.
    expect((await getEvent(t, good.json.eventId)).headers['x-secret']).toBeUndefined();
    const refused = await flowEvents(t, flow.id, 'refused');
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatchObject({ httpStatus: 401, refusalReason: expect.stringContaining('X-Secret') });
  });

  it('429 over the flow’s rate limit, with Retry-After, shared state in Redis', async () => {
    await awayFromMinuteBoundary();
    const flow = await createHookFlow(t, { rateLimitPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postJson(flow.url, { i })).status);
    expect(statuses).toEqual([202, 202, 202]);
    const limited = await postJson(flow.url, { i: 4 });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await flowEvents(t, flow.id, 'refused')).toMatchObject([
      { httpStatus: 429, refusalReason: expect.stringContaining('3 requests') },
    ]);
  });

  it('applies the checks in order: 404 → 413 → 401 → 429 → 400 → duplicate', async () => {
    await awayFromMinuteBoundary();
    const secret = 'order-secret';
    const flow = await createHookFlow(t, {
      signature: { scheme: 'hmac', secret, header: 'X-Sig', algorithm: 'sha256', encoding: 'hex' },
      rateLimitPerMinute: 2,
    });
    const sign = (body: string) => createHmac('sha256', secret).update(body).digest('hex');
    const send = (body: string, headers: Record<string, string> = {}) =>
      fetch(flow.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(
        (r) => r.status,
      );

    // Too large and unsigned: 413 before 401.
    expect(await send('"' + 'x'.repeat(MAX) + '"')).toBe(413);
    // Unsigned and malformed: 401 before 400.
    expect(await send('{bad')).toBe(401);
    // Signed (counts against the limit of 2) and malformed: 400, not a duplicate.
    expect(await send('{bad', { 'x-sig': sign('{bad'), 'idempotency-key': 'k1' })).toBe(400);
    // Signed, valid: accepted; the same key again is over the limit → 429 before the duplicate check.
    expect(await send('{"ok":1}', { 'x-sig': sign('{"ok":1}'), 'idempotency-key': 'k1' })).toBe(202);
    expect(await send('{"ok":1}', { 'x-sig': sign('{"ok":1}'), 'idempotency-key': 'k1' })).toBe(429);
    // Over the limit but unsigned: 401 before 429.
    expect(await send('{"ok":1}')).toBe(401);
  });

  it('duplicate delivery: 200 with the first eventId and duplicate: true, not run again', async () => {
    const flow = await createHookFlow(t);
    const first = await postJson(flow.url, { n: 1 }, { 'idempotency-key': 'order-1001' });
    const second = await postJson(flow.url, { n: 1 }, { 'idempotency-key': 'order-1001' });
    const viaWebhookId = await postJson(flow.url, { n: 2 }, { 'webhook-id': 'msg_abc' });
    const viaWebhookId2 = await postJson(flow.url, { n: 2 }, { 'webhook-id': 'msg_abc' });
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.json).toEqual({ eventId: first.json.eventId, duplicate: true });
    expect(viaWebhookId2.json).toEqual({ eventId: viaWebhookId.json.eventId, duplicate: true });
    const dupes = await flowEvents(t, flow.id, 'duplicate');
    expect(dupes.map((d) => d.duplicateOfId).sort()).toEqual([first.json.eventId, viaWebhookId.json.eventId].sort());
    await waitForFinishedRun(first.json.eventId);
    await waitForFinishedRun(viaWebhookId.json.eventId);
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(2);
  });

  it('duplicate by the trigger’s dedupeKeyPath in the body, for the same flow only', async () => {
    const flow = await createHookFlow(t, { dedupeKeyPath: 'form.submissionId' });
    const other = await createHookFlow(t, { dedupeKeyPath: 'form.submissionId' });
    const a = await postJson(flow.url, { form: { submissionId: 'S-1', email: 'a@example.com' } });
    const b = await postJson(
      flow.url,
      { form: { submissionId: 'S-1', email: 'changed@example.com' } },
      { 'idempotency-key': 'different' },
    );
    const c = await postJson(other.url, { form: { submissionId: 'S-1' } });
    expect(a.status).toBe(202);
    expect(b).toMatchObject({ status: 200, json: { eventId: a.json.eventId, duplicate: true } });
    expect(c.status).toBe(202);
  });

  it('a new trigger config applies at once to new requests (publish)', async () => {
    const flow = await createHookFlow(t);
    expect((await postJson(flow.url, {})).status).toBe(202);
    await setTrigger(t, flow.id, { signature: { scheme: 'shared-secret', secret: 's3cret', header: 'X-Key' } });
    expect((await postJson(flow.url, {})).status).toBe(401);
    expect((await postJson(flow.url, {}, { 'x-key': 's3cret' })).status).toBe(202);
  });
});

describe('events API', () => {
  it('lists a flow’s events newest first with a stable cursor, filters by status, scoped to the workspace', async () => {
    const flow = await createHookFlow(t);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await postJson(flow.url, { i })).json.eventId);
    const page1 = await api(`/api/v1/flows/${flow.id}/events?limit=2`, { key: t.apiKey });
    expect(page1.json.items.map((e: any) => e.id)).toEqual([ids[4], ids[3]]);
    const page2 = await api(`/api/v1/flows/${flow.id}/events?limit=2&cursor=${page1.json.nextCursor}`, {
      key: t.apiKey,
    });
    expect(page2.json.items.map((e: any) => e.id)).toEqual([ids[2], ids[1]]);
    const page3 = await api(`/api/v1/flows/${flow.id}/events?limit=2&cursor=${page2.json.nextCursor}`, {
      key: t.apiKey,
    });
    expect(page3.json).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    expect((await api(`/api/v1/flows/${flow.id}/events?status=held`, { key: t.apiKey })).json.items).toEqual([]);
    expect((await api(`/api/v1/flows/${flow.id}/events?status=nonsense`, { key: t.apiKey })).status).toBe(400);

    const stranger = await createTenant('stranger');
    expect((await api(`/api/v1/flows/${flow.id}/events`, { key: stranger.apiKey })).status).toBe(404);
    expect((await api(`/api/v1/events/${ids[0]}`, { key: stranger.apiKey })).status).toBe(404);
    expect((await api(`/api/v1/flows/${flow.id}/held/run`, { key: stranger.apiKey, method: 'POST' })).status).toBe(404);
    expect((await api(`/api/v1/flows/${flow.id}/held/discard`, { key: stranger.apiKey, method: 'POST' })).status).toBe(
      404,
    );
    expect((await api(`/api/v1/events/not-a-uuid`, { key: t.apiKey })).status).toBe(404);
  });
});
