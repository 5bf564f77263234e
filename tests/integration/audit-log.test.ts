import { beforeAll, describe, expect, it } from 'vitest';
import { chain, finishedRun, publishedFlow, sendEvent } from '../helpers/run-flows';
import { api, createTenant, type ApiInit, type Tenant } from '../helpers/tenant';

// Every audited change, made through the REST API by a user (session) or an
// API key from a known address, shows up in GET /audit-log newest first with
// who, what and from where — and with none of the secrets involved.

const filterStep = {
  id: 'check',
  type: 'filter',
  config: { conditions: [{ left: '{{ trigger.body.n }}', op: 'isNotEmpty' }], match: 'all' },
};

describe('audit log', () => {
  let t: Tenant;
  let other: Tenant;
  beforeAll(async () => {
    [t, other] = await Promise.all([createTenant('auditor'), createTenant('audit-other')]);
  });

  const asKey = (ip: string, init: ApiInit = {}): ApiInit => ({
    ...init,
    key: t.apiKey,
    headers: { 'x-forwarded-for': ip },
  });
  const asUser = (ip: string, init: ApiInit = {}): ApiInit => ({
    ...init,
    cookie: t.cookie,
    headers: { 'x-forwarded-for': ip },
  });

  async function allEntries(tenant: Tenant, limit = 100) {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(`/api/v1/audit-log?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, {
        key: tenant.apiKey,
      });
      expect(res.status).toBe(200);
      items.push(...res.json.items);
      cursor = res.json.nextCursor;
    } while (cursor);
    return items;
  }

  it('records each change in order with actor, target and IP, and no secrets', async () => {
    const secrets = ['first-secret-token-1234', 'second-secret-token-5678'];
    const expected: { action: string; actor: 'user' | 'apiKey'; ip: string; targetType: string }[] = [];
    const ok = async (path: string, init: ApiInit, status: number, action: string, targetType: string) => {
      const res = await api(path, init);
      expect(res.status, `${init.method ?? 'POST'} ${path}: ${res.text}`).toBe(status);
      expect(init.headers?.['x-forwarded-for']).toBeDefined();
      expected.push({
        action,
        actor: init.cookie ? 'user' : 'apiKey',
        ip: init.headers!['x-forwarded-for']!,
        targetType,
      });
      return res;
    };

    const conn = await ok(
      '/api/v1/connections',
      asKey('10.9.0.1', { body: { type: 'hubspot', name: 'CRM', config: { accessToken: secrets[0] } } }),
      201,
      'connection.create',
      'connection',
    );
    const connId = conn.json.id as string;
    await ok(
      `/api/v1/connections/${connId}`,
      asUser('10.9.0.2', { method: 'PATCH', body: { config: { accessToken: secrets[1] } } }),
      200,
      'connection.update',
      'connection',
    );

    const created = await api('/api/v1/flows', {
      key: t.apiKey,
      body: { name: 'Audited', graph: chain([filterStep]) },
    });
    const flowId = created.json.id as string;
    await ok(`/api/v1/flows/${flowId}/publish`, asUser('10.9.0.3', { method: 'POST' }), 200, 'flow.publish', 'flow');
    const run = await finishedRun(t, { eventId: await sendEvent(created.json.webhookUrl, { n: 1 }) });
    await ok(`/api/v1/flows/${flowId}/pause`, asKey('10.9.0.4', { method: 'POST' }), 200, 'flow.pause', 'flow');
    await ok(`/api/v1/flows/${flowId}/resume`, asUser('10.9.0.5', { method: 'POST' }), 200, 'flow.resume', 'flow');
    await ok(`/api/v1/runs/${run.id}/replay`, asKey('10.9.0.6', { body: {} }), 202, 'run.replay', 'run');
    await ok('/api/v1/runs/replay', asUser('10.9.0.7', { body: { flowId } }), 202, 'run.bulk_replay', 'flow');
    await api(`/api/v1/flows/${flowId}`, { method: 'PUT', key: t.apiKey, body: { name: 'Audited (renamed)' } });
    await ok(
      `/api/v1/flows/${flowId}/versions/1/restore`,
      asKey('10.9.0.8', { method: 'POST' }),
      200,
      'flow.restore',
      'flow',
    );
    await ok(
      `/api/v1/flows/${flowId}/discard-draft`,
      asUser('10.9.0.9', { method: 'POST' }),
      200,
      'flow.discard_draft',
      'flow',
    );
    const rotated = await ok(
      `/api/v1/flows/${flowId}/rotate-token`,
      asKey('10.9.0.10', { method: 'POST' }),
      200,
      'flow.rotate_token',
      'flow',
    );
    const key = await ok(
      '/api/v1/api-keys',
      asUser('10.9.0.11', { body: { name: 'ci deploys' } }),
      201,
      'api_key.create',
      'api_key',
    );
    await ok(
      `/api/v1/api-keys/${key.json.id}`,
      asUser('10.9.0.12', { method: 'DELETE' }),
      204,
      'api_key.revoke',
      'api_key',
    );
    await ok(
      `/api/v1/connections/${connId}`,
      asKey('10.9.0.13', { method: 'DELETE' }),
      204,
      'connection.delete',
      'connection',
    );

    const entries = await allEntries(t);
    expect(entries.map((e) => e.action)).toEqual(expected.map((e) => e.action).reverse());
    const chronological = [...entries].reverse();
    chronological.forEach((e, i) => {
      const want = expected[i]!;
      expect(e.ip, e.action).toBe(want.ip);
      expect(e.target.type, e.action).toBe(want.targetType);
      expect(e.actor.type, e.action).toBe(want.actor);
      if (want.actor === 'user')
        expect(e.actor).toMatchObject({ id: t.userId, name: expect.stringContaining(t.email) });
      else expect(e.actor.name).toContain('"test"');
      expect(Date.parse(e.at)).not.toBeNaN();
    });
    expect(chronological.find((e) => e.action === 'flow.publish')).toMatchObject({
      target: { id: flowId },
      detail: { version: 1 },
    });
    expect(chronological.find((e) => e.action === 'flow.restore')!.detail).toEqual({ version: 1 });
    expect(chronological.find((e) => e.action === 'connection.update')!.detail).toEqual({ changed: ['config'] });
    expect(chronological.find((e) => e.action === 'api_key.create')!.detail).toMatchObject({ name: 'ci deploys' });

    // No secret anywhere: connection tokens, the new API key, old and new webhook URLs.
    const text = JSON.stringify(entries);
    for (const s of [
      ...secrets,
      key.json.key,
      t.apiKey,
      created.json.webhookUrl.split('/').pop(),
      rotated.json.webhookUrl.split('/').pop(),
    ]) {
      expect(text).not.toContain(s);
    }

    // Cursor pages of 3 hold the same entries in the same order.
    expect((await allEntries(t, 3)).map((e) => e.id)).toEqual(entries.map((e) => e.id));
  });

  it('a failed change records nothing', async () => {
    const before = (await allEntries(t)).length;
    const created = await api('/api/v1/flows', {
      key: t.apiKey,
      body: { name: 'Broken', graph: chain([{ id: 'wait', type: 'delay', config: {} }]) },
    });
    expect((await api(`/api/v1/flows/${created.json.id}/publish`, { method: 'POST', key: t.apiKey })).status).toBe(400);
    expect((await api(`/api/v1/flows/${created.json.id}/pause`, { method: 'POST', key: t.apiKey })).status).toBe(409);
    expect(
      (await api(`/api/v1/flows/${created.json.id}/discard-draft`, { method: 'POST', key: t.apiKey })).status,
    ).toBe(409);
    expect(
      (await api(`/api/v1/flows/${created.json.id}/versions/1/restore`, { method: 'POST', key: t.apiKey })).status,
    ).toBe(404);
    expect((await allEntries(t)).length).toBe(before);
  });

  it("is scoped to the workspace: another workspace's changes and attempts are not listed", async () => {
    const { id } = await publishedFlow(other, chain([filterStep]), 'Other');
    const mine = await allEntries(t);
    expect(mine.some((e) => e.target.id === id)).toBe(false);
    // A's attempt on B's flow answers 404 and leaves no entry anywhere.
    expect((await api(`/api/v1/flows/${id}/pause`, { method: 'POST', key: t.apiKey })).status).toBe(404);
    const theirs = await allEntries(other);
    expect(theirs.map((e) => e.action)).toEqual(['flow.publish']);
    expect((await allEntries(t)).length).toBe(mine.length);
  });

  it('refuses a malformed cursor and requires authentication', async () => {
    expect((await api('/api/v1/audit-log?cursor=nope', { key: t.apiKey })).status).toBe(400);
    expect((await api('/api/v1/audit-log')).status).toBe(401);
  });
});
