import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { runCrmUpsertContact } from '@/lib/integrations/contacts/upsert-contact.run';
import { rejection, runStep, stepContext } from '../helpers/step-context';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// The built-in CRM: one contact per lower-cased email per workspace, merges on
// update, a timeline of the runs that touched it, and the contacts API.

let t: Tenant;
beforeAll(async () => {
  t = await createTenant('crm');
});

/** A real run row (flow, version, event) for the timeline to point at. */
async function makeRun(workspaceId: string, flowName = 'Website form') {
  const flow = await db.flow.create({
    data: {
      workspaceId,
      name: flowName,
      token: randomBytes(18).toString('base64url'),
      draftGraph: {},
      status: 'live',
      publishedVersion: 1,
    },
    select: { id: true },
  });
  const version = await db.flowVersion.create({
    data: { workspaceId, flowId: flow.id, version: 1, graph: {} },
    select: { id: true },
  });
  const event = await db.event.create({
    data: { workspaceId, flowId: flow.id, status: 'accepted', body: {} },
    select: { id: true },
  });
  const run = await db.run.create({
    data: {
      workspaceId,
      flowId: flow.id,
      eventId: event.id,
      flowVersionId: version.id,
      originKey: event.id,
      status: 'running',
      // Held by a lease, so a worker another test file started never drives it.
      leaseToken: 'crm-test',
      leaseUntil: new Date(Date.now() + 3600_000),
    },
    select: { id: true },
  });
  return { runId: run.id, flowId: flow.id };
}

describe('crm.upsertContact', () => {
  it('20 concurrent upserts of one email (any case) make one contact', async () => {
    const email = `Race-${randomBytes(3).toString('hex')}@Example.test`;
    const outs = await Promise.all(
      Array.from(
        { length: 20 },
        (_, i) =>
          runStep(
            runCrmUpsertContact,
            { email: i % 2 ? email.toUpperCase() : email, tags: `t${i}`, fields: { [`f${i}`]: String(i) } },
            stepContext(t.workspaceId, { nodeId: `n${i}` }),
          ) as Promise<{ contactId: string; created: boolean }>,
      ),
    );
    const rows = await db.contact.findMany({
      where: { workspaceId: t.workspaceId, email: email.toLowerCase() },
      select: { id: true, tags: true, fields: true },
    });
    expect(rows).toHaveLength(1);
    expect(new Set(outs.map((o) => o.contactId))).toEqual(new Set([rows[0]!.id]));
    expect(outs.filter((o) => o.created)).toHaveLength(1);
    expect(rows[0]!.tags.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`).sort());
    expect(Object.keys(rows[0]!.fields as object)).toHaveLength(20);
  });

  it('an update merges fields and tags and keeps values not given', async () => {
    const email = `merge-${randomBytes(3).toString('hex')}@example.test`;
    const ctx = stepContext(t.workspaceId);
    const first: any = await runStep(
      runCrmUpsertContact,
      {
        email,
        name: 'Ada',
        phone: '+441234',
        company: 'Acme',
        tags: 'lead, web',
        fields: { source: 'form', plan: 'free' },
      },
      ctx,
    );
    expect(first.created).toBe(true);
    const second: any = await runStep(
      runCrmUpsertContact,
      { email: email.toUpperCase(), name: '', tags: ['web', 'vip'], fields: { plan: 'pro', utm: 'x' } },
      ctx,
    );
    expect(second).toEqual({ contactId: first.contactId, created: false });
    const res = await api(`/api/v1/contacts/${first.contactId}`, { key: t.apiKey });
    expect(res.json).toMatchObject({
      email,
      name: 'Ada',
      phone: '+441234',
      company: 'Acme',
      tags: ['lead', 'web', 'vip'],
      fields: { source: 'form', plan: 'pro', utm: 'x' },
    });
  });

  it('refuses an invalid email, not retried', async () => {
    const err = await rejection(runStep(runCrmUpsertContact, { email: 'not an email' }, stepContext(t.workspaceId)));
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('not a valid email address');
  });

  it('records each run that touched the contact once, even when a step is retried', async () => {
    const email = `timeline-${randomBytes(3).toString('hex')}@example.test`;
    const r1 = await makeRun(t.workspaceId, 'Website form');
    const r2 = await makeRun(t.workspaceId, 'Shop orders');
    const a: any = await runStep(
      runCrmUpsertContact,
      { email },
      stepContext(t.workspaceId, { runId: r1.runId, nodeId: 'lead' }),
    );
    // The same step again (a retry after a crash) still reports "created".
    const again: any = await runStep(
      runCrmUpsertContact,
      { email },
      stepContext(t.workspaceId, { runId: r1.runId, nodeId: 'lead' }),
    );
    expect(again).toEqual({ contactId: a.contactId, created: true });
    await runStep(
      runCrmUpsertContact,
      { email, tags: 'buyer' },
      stepContext(t.workspaceId, { runId: r2.runId, nodeId: 'crm' }),
    );
    const res = await api(`/api/v1/contacts/${a.contactId}`, { key: t.apiKey });
    expect(res.status).toBe(200);
    expect(res.json.timeline).toHaveLength(2);
    expect(res.json.timeline.map((e: any) => [e.flowName, e.nodeId, e.created]).sort()).toEqual([
      ['Shop orders', 'crm', false],
      ['Website form', 'lead', true],
    ]);
    expect(res.json.timeline[0]).toMatchObject({
      runId: expect.any(String),
      flowId: expect.any(String),
      runStatus: 'running',
    });
  });
});

describe('contacts API', () => {
  let other: Tenant;
  beforeAll(async () => {
    other = await createTenant('crm-other');
    const ctx = stepContext(t.workspaceId);
    for (const [email, name] of [
      ['grace.hopper@navy.test', 'Grace Hopper'],
      ['alan@turing.test', 'Alan Turing'],
      ['someone@hopper-labs.test', 'Someone'],
    ]) {
      await runStep(runCrmUpsertContact, { email: email!, name }, ctx);
    }
    await runStep(
      runCrmUpsertContact,
      { email: 'grace@elsewhere.test', name: 'Grace Other' },
      stepContext(other.workspaceId),
    );
  });

  it('searches email and name, case-insensitively, within the workspace', async () => {
    const res = await api('/api/v1/contacts?search=HOPPER', { key: t.apiKey });
    expect(res.status).toBe(200);
    expect(res.json.items.map((c: any) => c.email).sort()).toEqual([
      'grace.hopper@navy.test',
      'someone@hopper-labs.test',
    ]);
    const byName = await api(`/api/v1/contacts?search=${encodeURIComponent('turing')}`, { key: t.apiKey });
    expect(byName.json.items.map((c: any) => c.name)).toEqual(['Alan Turing']);
    const grace = await api('/api/v1/contacts?search=grace', { key: t.apiKey });
    expect(grace.json.items.map((c: any) => c.email)).toEqual(['grace.hopper@navy.test']);
  });

  it('pages with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(`/api/v1/contacts?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key: t.apiKey });
      expect(res.status).toBe(200);
      expect(res.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.items.map((c: any) => c.id));
      cursor = res.json.nextCursor;
    } while (cursor);
    const total = await db.contact.count({ where: { workspaceId: t.workspaceId } });
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('another workspace’s contact answers 404', async () => {
    const mine = await api('/api/v1/contacts?search=grace', { key: other.apiKey });
    expect(mine.json.items).toHaveLength(1);
    const res = await api(`/api/v1/contacts/${mine.json.items[0].id}`, { key: t.apiKey });
    expect(res.status).toBe(404);
  });
});
