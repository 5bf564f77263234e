import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { postJson } from '../helpers/hooks';
import { finishedRun, publishedFlow } from '../helpers/run-flows';
import { api, baseUrl, createTenant, type Tenant } from '../helpers/tenant';

// Changes the audit log used to miss: a flow's alert settings, discarding the
// events held while it was paused, and deleting a contact. Each is recorded
// with who and from where, none of the secrets (alert URLs) or personal data
// (the deleted contact's email), and shown on Settings → Audit log.

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('audit-more');
});

const entries = async () => (await api('/api/v1/audit-log?limit=100', { key: t.apiKey })).json.items as any[];
const SLACK = 'https://hooks.slack.com/services/T0AUDIT/B0AUDIT/slacksecretpart42';

describe('audited: alert settings, discarded held events, deleted contacts', () => {
  it('records each with actor, IP and a detail free of secrets, and the audit page lists them', async () => {
    const flow = await publishedFlow(t, {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {} },
        { id: 'lead', type: 'crm.upsertContact', config: { email: '{{ trigger.body.email }}' } },
      ],
      edges: [{ source: 'trigger', target: 'lead' }],
    });
    const as = (ip: string) => ({ cookie: t.cookie, headers: { 'x-forwarded-for': ip } });

    const alerts = await api(`/api/v1/flows/${flow.id}/alerts`, {
      ...as('10.7.0.1'),
      method: 'PUT',
      body: { onFailure: true, onQuiet: true, email: false, slackUrl: SLACK },
    });
    expect(alerts.status, alerts.text).toBe(200);

    expect((await api(`/api/v1/flows/${flow.id}/pause`, { key: t.apiKey, method: 'POST' })).status).toBe(200);
    for (const n of [1, 2]) expect((await postJson(flow.url, { n })).json.status).toBe('held');
    const discard = await api(`/api/v1/flows/${flow.id}/held/discard`, {
      key: t.apiKey,
      method: 'POST',
      headers: { 'x-forwarded-for': '10.7.0.2' },
    });
    expect(discard.json).toEqual({ discarded: 2 });
    // Nothing left to discard: no change, no entry.
    expect((await api(`/api/v1/flows/${flow.id}/held/discard`, { key: t.apiKey, method: 'POST' })).json).toEqual({
      discarded: 0,
    });

    expect((await api(`/api/v1/flows/${flow.id}/resume`, { key: t.apiKey, method: 'POST' })).status).toBe(200);
    const res = await postJson(flow.url, { email: 'forget.me@example.com' });
    expect((await finishedRun(t, { eventId: res.json.eventId })).status).toBe('succeeded');
    const contact = await db.contact.findFirstOrThrow({
      where: { workspaceId: t.workspaceId, email: 'forget.me@example.com' },
      select: { id: true },
    });
    const del = await api(`/api/v1/contacts/${contact.id}`, { ...as('10.7.0.3'), method: 'DELETE' });
    expect(del.status).toBe(204);

    const all = await entries();
    const byAction = (a: string) => all.filter((e) => e.action === a);
    expect(byAction('flow.alerts_update')).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ type: 'user', name: expect.stringContaining(t.email) }),
        target: { type: 'flow', id: flow.id },
        ip: '10.7.0.1',
        detail: {
          changed: ['onQuiet', 'email', 'slackUrl'],
          onFailure: true,
          onQuiet: true,
          email: false,
          slack: true,
          webhook: false,
        },
      }),
    ]);
    expect(byAction('flow.held_discard')).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ type: 'apiKey' }),
        target: { type: 'flow', id: flow.id },
        ip: '10.7.0.2',
        detail: { discarded: 2 },
      }),
    ]);
    expect(byAction('contact.delete')).toEqual([
      expect.objectContaining({ target: { type: 'contact', id: contact.id }, ip: '10.7.0.3', detail: {} }),
    ]);
    const text = JSON.stringify(all);
    expect(text).not.toContain('slacksecretpart42');
    expect(text).not.toContain('forget.me@example.com');

    const page = await fetch(`${baseUrl()}/settings/audit`, { headers: { cookie: t.cookie } });
    const html = await page.text();
    expect(page.status).toBe(200);
    for (const label of ['Changed alert settings', 'Discarded held events', 'Deleted contact'])
      expect(html).toContain(label);
    for (const action of ['flow.alerts_update', 'flow.held_discard', 'contact.delete'])
      expect(html).toContain(`data-action="${action}"`);
  });

  it('resuming with held: "discard" records the discard too', async () => {
    const flow = await publishedFlow(t, { nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }], edges: [] });
    await api(`/api/v1/flows/${flow.id}/pause`, { key: t.apiKey, method: 'POST' });
    expect((await postJson(flow.url, { n: 1 })).json.status).toBe('held');
    const resumed = await api(`/api/v1/flows/${flow.id}/resume`, {
      key: t.apiKey,
      method: 'POST',
      body: { held: 'discard' },
    });
    expect(resumed.json.heldDiscarded).toBe(1);
    const mine = (await entries()).filter((e) => e.target.id === flow.id).map((e) => e.action);
    expect(mine.slice(0, 2).sort()).toEqual(['flow.held_discard', 'flow.resume']);
  });
});
