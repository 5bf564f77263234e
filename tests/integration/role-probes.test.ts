import { beforeAll, describe, expect, it } from 'vitest';
import { atLeast, defaultRoleFor, type Role } from '@/lib/auth/roles';
import { joinAs, type Member } from '../helpers/members';
import {
  actionRoleExceptions,
  apiRoutesOnDisk,
  callServerAction,
  expectedActionRole,
  serverActionsInBuild,
  serverActionsOnDisk,
  concretePath,
  expectedRouteRole,
  routeRoleExceptions,
  tenantProbes,
} from '../helpers/tenant-probes';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Role probes: every route under app/api/v1, read from disk, called as a viewer
// and as an editor of another person's workspace, with their session and their
// API key. Below the route's role: 403 {"error": {"code": "forbidden"}} before
// anything is looked up; at or above it: never 401/403 (a 2xx, or the 4xx its
// input earns). Then the objects of the tenant probes, for real: a viewer's
// mutations change nothing, an editor's go through.

const routes = apiRoutesOnDisk();
const publicRoutes = ['GET /openapi.json'];

describe('role probes', () => {
  let owner: Tenant;
  let viewer: Member;
  let editor: Member;
  beforeAll(async () => {
    owner = await createTenant('role-owner');
    [viewer, editor] = [await joinAs(owner, 'viewer'), await joinAs(owner, 'editor')];
  });

  it('finds the routes on disk, and each declares the role the exceptions list expects', () => {
    expect(routes.length).toBeGreaterThan(30);
    const mismatched = routes
      .filter((r) => !r.public)
      .filter((r) => (r.declaredRole ?? defaultRoleFor(r.method)) !== expectedRouteRole(r))
      .map((r) => `${r.method} ${r.path}: declares ${r.declaredRole}, expected ${expectedRouteRole(r)}`);
    expect(mismatched).toEqual([]);
    // Every route goes through apiRoute, except the public OpenAPI document.
    expect(routes.filter((r) => r.public).map((r) => `${r.method} ${r.path}`)).toEqual(publicRoutes);
    // Every listed exception names a route that exists.
    const onDisk = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(Object.keys(routeRoleExceptions).filter((k) => !onDisk.has(k))).toEqual([]);
  });

  for (const role of ['viewer', 'editor'] as const) {
    it(`as ${role}: 403 below each route's role, no refusal at or above it (session and API key)`, async () => {
      const who = role === 'viewer' ? viewer : editor;
      const failures: string[] = [];
      for (const r of routes) {
        const needed = r.public ? 'viewer' : expectedRouteRole(r);
        const allowed = atLeast(role, needed);
        const auths: Array<{ cookie: string } | { key: string }> = [{ cookie: who.cookie }];
        if (!r.sessionOnly) auths.push({ key: who.apiKey });
        for (const auth of auths) {
          const path = concretePath(r);
          const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
          const res = await api(path, { method: r.method, body, ...auth });
          const label = `${r.method} ${r.path} (${'key' in auth ? 'API key' : 'session'}) → ${res.status}`;
          if (!allowed && (res.status !== 403 || res.json?.error?.code !== 'forbidden')) {
            failures.push(`${label}, expected 403 forbidden`);
          }
          if (allowed && ([401, 403].includes(res.status) || res.status >= 500)) {
            failures.push(`${label}, expected no refusal: ${res.text.slice(0, 200)}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  for (const probe of tenantProbes) {
    it(`on a real ${probe.object}: a viewer's mutations answer 403 and change nothing; an editor's go through`, async () => {
      const id = await probe.create(owner);
      const requests = probe.requests(id);
      const read = requests.find((r) => r.method === 'GET')!;
      // An event gets its run from the worker shortly after it is accepted: wait for that, so
      // the comparison below sees only what the viewer's requests could have changed.
      await expect
        .poll(async () => (await api(read.path, { key: owner.apiKey })).json?.runId !== null, { timeout: 15_000 })
        .toBe(true);
      const before = await api(read.path, { key: owner.apiKey });
      for (const req of requests) {
        for (const auth of [{ cookie: viewer.cookie }, { key: viewer.apiKey }]) {
          const res = await api(req.path, { method: req.method, body: req.body, ...auth });
          const label = `viewer ${req.method} ${req.path}`;
          if (req.method === 'GET') expect(res.status, label).toBe(200);
          else {
            expect(res.status, label).toBe(403);
            expect(res.json.error.code).toBe('forbidden');
          }
        }
      }
      const after = await api(read.path, { key: owner.apiKey });
      expect(after.status).toBe(200);
      expect(after.json).toEqual(before.json);

      for (const req of requests) {
        // Testing a connection calls the vendor; the role check is what matters here.
        if (req.path.endsWith('/test')) continue;
        const res = await api(req.path, { method: req.method, body: req.body, cookie: editor.cookie });
        expect(
          [401, 403].includes(res.status) || res.status >= 500,
          `editor ${req.method} ${req.path} → ${res.status} ${res.text}`,
        ).toBe(false);
      }
    });
  }

  it('finds every server action on disk made by guardedAction with the role the exceptions list expects', () => {
    const actions = serverActionsOnDisk();
    expect(actions.length).toBeGreaterThan(0);
    const wrong = actions
      .filter((a) => a.declaredRole !== expectedActionRole(a))
      .map((a) => `${a.file} ${a.name}: ${a.declaredRole ?? 'not guardedAction'}, expected ${expectedActionRole(a)}`);
    expect(wrong).toEqual([]);
    const onDisk = new Set(actions.map((a) => `${a.file} ${a.name}`));
    expect(Object.keys(actionRoleExceptions).filter((k) => !onDisk.has(k))).toEqual([]);
  });

  for (const role of ['viewer', 'editor'] as const) {
    it(`as ${role}: every server action of the build refuses below its role and runs at or above it`, async () => {
      const who = role === 'viewer' ? viewer : editor;
      const built = serverActionsInBuild();
      expect(built.length).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const a of built) {
        const allowed = atLeast(role, expectedActionRole(a));
        const res = await callServerAction(a, who.cookie);
        const refused = res.text.includes('"code":"forbidden"');
        const label = `${a.file} ${a.name} via ${a.page} → ${res.status}`;
        if (!allowed && !refused) failures.push(`${label}, expected a forbidden refusal: ${res.text.slice(0, 200)}`);
        if (allowed && (refused || res.status !== 200))
          failures.push(`${label}, expected it to run: ${res.text.slice(0, 200)}`);
      }
      expect(failures).toEqual([]);
    });
  }

  it('an API key acts with its creator’s current role', async () => {
    const member = await joinAs(owner, 'editor', 'role-key');
    const flow = await api('/api/v1/flows', {
      key: member.apiKey,
      body: { name: 'by key', graph: { nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }], edges: [] } },
    });
    expect(flow.status).toBe(201);
    await api(`/api/v1/members/${member.memberId}`, {
      method: 'PATCH',
      cookie: owner.cookie,
      body: { role: 'viewer' satisfies Role },
    });
    const denied = await api(`/api/v1/flows/${flow.json.id}/publish`, { method: 'POST', key: member.apiKey });
    expect(denied.status).toBe(403);
    expect((await api(`/api/v1/flows/${flow.json.id}`, { key: member.apiKey })).status).toBe(200);
    await api(`/api/v1/members/${member.memberId}`, { method: 'DELETE', cookie: owner.cookie });
    expect((await api(`/api/v1/flows/${flow.json.id}`, { key: member.apiKey })).status).toBe(401);
  });
});
