import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createHookFlow, waitForFinishedRun } from '../helpers/hooks';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Issue 13, class 3: a webhook never answers 5xx for an event it committed —
// the sender would resend it and the person would get a second acknowledgement.

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('honest');
});

describe('honest answers', () => {
  it('a form post to a flow whose redirectUrl has non-ASCII characters gets a 303 to the normalised URL, and runs once', async () => {
    const redirectUrl = 'https://bücher.example/danke schön?näme=Zoë#ende';
    const normalised = new URL(redirectUrl).href;
    expect(normalised).toBe('https://xn--bcher-kva.example/danke%20sch%C3%B6n?n%C3%A4me=Zo%C3%AB#ende');
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
