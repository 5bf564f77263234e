import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHookFlow, flowEvents, postJson, triggerOnlyGraph } from '../helpers/hooks';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// trigger.webhook.config.response: the flow's own answer for accepted and held
// events, through the real web server.

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('response');
});

/** The raw bytes of the answer to a POST, as they were on the wire. */
function rawPost(url: string, body: string): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () => {
      socket.write(
        `POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    let out = '';
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('webhook response', () => {
  it('answers a verification handshake (GET ?hub.challenge=123) with the challenge as text/plain', async () => {
    const flow = await createHookFlow(t, {
      methods: ['GET', 'POST'],
      response: { body: '{{ trigger.query["hub.challenge"] }}' },
    });
    const res = await fetch(`${flow.url}?hub.mode=subscribe&hub.challenge=123&hub.verify_token=x`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('123');
    const events = await flowEvents(t, flow.id);
    expect(events).toHaveLength(1);
    expect(events[0].status).toBe('accepted');
  });

  it('sends a custom JSON body and a header templated from the body', async () => {
    const flow = await createHookFlow(t, {
      response: {
        status: 201,
        contentType: 'application/json',
        body: '{"ok": true, "order": {{ trigger.body.order | json }}}',
        headers: { 'X-Order': 'order-{{ trigger.body.order }}' },
      },
    });
    const res = await fetch(flow.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ order: 42 }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-order')).toBe('order-42');
    expect(await res.json()).toEqual({ ok: true, order: 42 });
  });

  it('applies to held events; duplicates and test events keep their default answers', async () => {
    const flow = await createHookFlow(t, { response: { body: 'thanks' } });
    expect((await api(`/api/v1/flows/${flow.id}/pause`, { key: t.apiKey, method: 'POST' })).status).toBe(200);
    const post = (headers: Record<string, string> = {}) =>
      fetch(flow.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"a":1}' });

    const held = await post({ 'idempotency-key': 'k1' });
    expect(held.status).toBe(200);
    expect(await held.text()).toBe('thanks');
    const events = await flowEvents(t, flow.id, 'held');
    expect(events).toHaveLength(1);

    const dup = await post({ 'idempotency-key': 'k1' });
    expect(dup.status).toBe(200);
    expect(await dup.json()).toEqual({ eventId: events[0].id, duplicate: true });

    const test = await postJson(flow.testUrl, { a: 1 });
    expect(test).toMatchObject({ status: 202, json: { status: 'test' } });
  });

  it('wins over redirectUrl for a browser form post', async () => {
    const flow = await createHookFlow(t, { redirectUrl: 'https://example.com/thanks', response: { body: 'custom' } });
    const res = await fetch(flow.url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: 'name=Ann',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('custom');
  });

  it('answers a honeypot-caught post like an accepted one, with the custom answer', async () => {
    const flow = await createHookFlow(t, { honeypot: 'website', response: { body: 'thanks' } });
    const res = await fetch(flow.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"website":"spam"}',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('thanks');
    expect((await flowEvents(t, flow.id)).filter((e) => e.status !== 'refused')).toHaveLength(0);
  });

  it('falls back to the default 202 when the template fails at render; the event is still accepted', async () => {
    const flow = await createHookFlow(t, { response: { body: '{% for i in (1..10000000) %}x{% endfor %}' } });
    const res = await postJson(flow.url, { a: 1 });
    expect(res).toMatchObject({ status: 202, json: { status: 'accepted' } });
    const events = await flowEvents(t, flow.id);
    expect(events.map((e) => e.id)).toEqual([res.json.eventId]);
  });

  it('never puts CR/LF from a rendered header value on the wire', async () => {
    const flow = await createHookFlow(t, {
      response: { body: 'ok', headers: { 'X-Name': '{{ trigger.body.name }}' } },
    });
    const raw = await rawPost(flow.url, JSON.stringify({ name: 'a\r\nSet-Cookie: evil=1\r\n\r\ninjected' }));
    const [head, body] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)];
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(head.toLowerCase()).not.toContain('set-cookie');
    expect(head.toLowerCase()).not.toContain('x-name');
    expect(raw).not.toContain('injected');
    expect(body).toContain('ok');
    expect(await flowEvents(t, flow.id)).toHaveLength(1);
  });

  it('refuses a bad response at save, naming each field', async () => {
    const created = await api('/api/v1/flows', { key: t.apiKey, body: { name: 'r', graph: triggerOnlyGraph() } });
    expect(created.status).toBe(201);
    const put = await api(`/api/v1/flows/${created.json.id}`, {
      key: t.apiKey,
      method: 'PUT',
      body: {
        graph: triggerOnlyGraph({
          response: { status: 302, body: '{% if %}', headers: { 'Content-Length': '5', 'X-Ok': '{{ steps.a.b }}' } },
        }),
      },
    });
    expect(put.status).toBe(400);
    const paths = (put.json.error.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual([
      'graph.nodes.0.config.response.body',
      'graph.nodes.0.config.response.headers.Content-Length',
      'graph.nodes.0.config.response.headers.X-Ok',
      'graph.nodes.0.config.response.status',
    ]);
  });
});
