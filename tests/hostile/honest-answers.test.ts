import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createHookFlow, postJson, waitForFinishedRun } from '../helpers/hooks';
import { startWeb } from '../helpers/processes';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Issue 13, class 3: a webhook never answers 5xx for an event it committed —
// the sender would resend it and the person would get a second acknowledgement.

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('honest');
});

describe('honest answers', () => {
  it('a form post to a flow whose redirectUrl has non-ASCII characters gets a 303 to the normalised URL, and runs once', async () => {
    // Beyond Latin-1, so the raw value cannot even be written as a header (it answered 500 after the commit).
    const redirectUrl = 'https://bücher.example/danke schön/✓?näme=Zoë&ort=東京#ende';
    const normalised = new URL(redirectUrl).href;
    expect(normalised).toBe(
      'https://xn--bcher-kva.example/danke%20sch%C3%B6n/%E2%9C%93?n%C3%A4me=Zo%C3%AB&ort=%E6%9D%B1%E4%BA%AC#ende',
    );
    const flow = await createHookFlow(t, { redirectUrl });

    const res = await fetch(flow.url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml' },
      body: new URLSearchParams({ name: 'Zoë', email: 'zoe@example.test' }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(normalised);

    const events = await db.event.findMany({ where: { flowId: flow.id }, select: { id: true, status: true } });
    expect(events).toEqual([{ id: expect.any(String), status: 'accepted' }]);
    await waitForFinishedRun(events[0]!.id);
    expect(await db.run.count({ where: { flowId: flow.id } })).toBe(1);

    // Stored normalised (DESIGN: ASCII, URL.href).
    const saved = await api(`/api/v1/flows/${flow.id}`, { key: t.apiKey });
    expect(saved.json.graph.nodes[0].config.redirectUrl).toBe(normalised);
  });

  it('refuses a redirectUrl that is not http(s) at publish, naming the field', async () => {
    const created = await api('/api/v1/flows', {
      key: t.apiKey,
      body: {
        name: 'js redirect',
        graph: {
          nodes: [{ id: 'trigger', type: 'trigger.webhook', config: { redirectUrl: 'javascript:alert(1)' } }],
          edges: [],
        },
      },
    });
    expect(created.status).toBe(201);
    const publish = await api(`/api/v1/flows/${created.json.id}/publish`, { key: t.apiKey, method: 'POST' });
    expect(publish.status).toBe(400);
    expect(publish.json.error.details.map((d: { path: string }) => d.path)).toContain(
      'graph.nodes.0.config.redirectUrl',
    );
  });
});

/**
 * A TCP proxy to PostgreSQL that, once armed, lets the next plain event insert
 * through and then cuts that connection without passing the answer back: the
 * insert commits, the web process never learns it did.
 */
async function startCuttingProxy(target: URL) {
  let armed = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    let swallow = false;
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.on('data', (d: Buffer) => {
      if (!swallow) client.write(d);
    });
    client.on('data', (d: Buffer) => {
      upstream.write(d);
      if (armed && d.includes('ingest_insert_events')) {
        armed = false;
        swallow = true;
        setTimeout(() => {
          client.destroy();
          upstream.destroy();
        }, 500);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    arm: () => (armed = true),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('outcomes the database did not report', () => {
  let cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  it('an insert whose answer was lost is a 503 saying it may have been stored, not "nothing was stored"', async () => {
    const dbUrl = new URL(process.env.DATABASE_URL!);
    const proxy = await startCuttingProxy(dbUrl);
    cleanup.push(proxy.close);
    const viaProxy = new URL(dbUrl);
    viaProxy.port = String(proxy.port);
    viaProxy.hostname = '127.0.0.1';
    const web = await startWeb({ DATABASE_URL: viaProxy.href });
    cleanup.push(() => web.kill());
    const flow = await createHookFlow(t);
    const url = `${web.url}/hooks/${flow.url.split('/hooks/')[1]}`;

    proxy.arm();
    const res = await postJson(url, { lost: 'answer' });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('unavailable');
    expect(res.json.error.message).not.toMatch(/nothing was stored/i);
    expect(res.json.error.message).toMatch(/may .*have been stored/i);
    expect(res.headers.get('retry-after')).toBeTruthy();
    // It was stored: the sender's retry is what dedupe is for.
    expect(await db.event.count({ where: { flowId: flow.id, status: 'accepted' } })).toBe(1);
  });

  it('a statement the server cancels (statement_timeout) stores nothing, as its 503 says', async () => {
    const flow = await createHookFlow(t);
    // Hold the flow row: the event insert's foreign-key check waits on it.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM flow WHERE id = ${flow.id}::uuid FOR UPDATE`;
        locked();
        await released;
      },
      { timeout: 55_000, maxWait: 5_000 },
    );
    cleanup.push(async () => {
      release();
      await holder.catch(() => {});
    });
    await isLocked;

    const res = await postJson(flow.url, { slow: true });
    expect(res.status).toBe(503);
    expect(res.json.error.message).toMatch(/nothing was stored/i);
    release();
    await holder;
    // A later event goes through; the refused one never turns up behind it.
    const later = await postJson(flow.url, { later: true });
    expect(later.status).toBe(202);
    const stored = await db.event.findMany({ where: { flowId: flow.id }, select: { id: true } });
    expect(stored.map((e) => e.id)).toEqual([later.json.eventId]);
  });
});
