import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultRoleFor, type Role } from '@/lib/auth/roles';
import { api, baseUrl, type Tenant } from './tenant';

// Every object a workspace owns, with the requests that name it. The isolation
// test creates each object in workspace B and expects workspace A's key and
// session to get 404 on every request. Add a probe with every new object type.

export type Probe = {
  object: string;
  create(owner: Tenant): Promise<string>;
  requests(id: string): Array<{ method: string; path: string; body?: unknown }>;
};

const triggerOnly = { nodes: [{ id: 'trigger', type: 'trigger.webhook', config: {} }], edges: [] };

export async function createFlowFor(owner: Tenant, graph: unknown = triggerOnly): Promise<string> {
  const res = await api('/api/v1/flows', { key: owner.apiKey, body: { name: 'probe flow', graph } });
  if (res.status !== 201) throw new Error(`create flow: ${res.status} ${res.text}`);
  return res.json.id as string;
}

export const tenantProbes: Probe[] = [
  {
    object: 'flow',
    create: (owner) => createFlowFor(owner),
    requests: (id) => [
      { method: 'GET', path: `/api/v1/flows/${id}` },
      { method: 'PUT', path: `/api/v1/flows/${id}`, body: { name: 'stolen' } },
      { method: 'POST', path: `/api/v1/flows/${id}/publish` },
      { method: 'POST', path: `/api/v1/flows/${id}/pause` },
      { method: 'POST', path: `/api/v1/flows/${id}/resume` },
      { method: 'POST', path: `/api/v1/flows/${id}/rotate-token` },
      { method: 'GET', path: `/api/v1/flows/${id}/versions` },
      { method: 'GET', path: `/api/v1/flows/${id}/alerts` },
      {
        method: 'PUT',
        path: `/api/v1/flows/${id}/alerts`,
        body: { onFailure: false, onQuiet: false, email: false },
      },
      { method: 'DELETE', path: `/api/v1/flows/${id}` },
    ],
  },
  {
    object: 'bulk replay job',
    create: async (owner) => {
      const res = await api('/api/v1/runs/replay-jobs', { key: owner.apiKey, body: { status: 'failed' } });
      if (res.status !== 202) throw new Error(`bulk replay: ${res.status} ${res.text}`);
      return res.json.id as string;
    },
    requests: (id) => [{ method: 'GET', path: `/api/v1/runs/replay-jobs/${id}` }],
  },
  {
    object: 'published flow (versions, restore, discard draft)',
    create: async (owner) => {
      const id = await createFlowFor(owner);
      const res = await api(`/api/v1/flows/${id}/publish`, { key: owner.apiKey, method: 'POST' });
      if (res.status !== 200) throw new Error(`publish flow: ${res.status} ${res.text}`);
      return id;
    },
    requests: (id) => [
      { method: 'GET', path: `/api/v1/flows/${id}/versions` },
      { method: 'POST', path: `/api/v1/flows/${id}/versions/1/restore` },
      { method: 'POST', path: `/api/v1/flows/${id}/discard-draft` },
    ],
  },
  {
    object: 'connection',
    create: async (owner) => {
      const res = await api('/api/v1/connections', {
        key: owner.apiKey,
        body: {
          type: 'hubspot',
          name: `probe connection ${Math.random().toString(36).slice(2, 8)}`,
          config: { accessToken: 'probe-token' },
        },
      });
      if (res.status !== 201) throw new Error(`create connection: ${res.status} ${res.text}`);
      return res.json.id as string;
    },
    requests: (id) => [
      { method: 'GET', path: `/api/v1/connections/${id}` },
      { method: 'PATCH', path: `/api/v1/connections/${id}`, body: { name: 'stolen' } },
      { method: 'POST', path: `/api/v1/connections/${id}/test`, body: {} },
      { method: 'DELETE', path: `/api/v1/connections/${id}` },
    ],
  },
  {
    object: 'event (read, edit and replay)',
    create: async (owner) => {
      const id = await createFlowFor(owner);
      const published = await api(`/api/v1/flows/${id}/publish`, { key: owner.apiKey, method: 'POST' });
      if (published.status !== 200) throw new Error(`publish flow: ${published.status} ${published.text}`);
      const flow = await api(`/api/v1/flows/${id}`, { key: owner.apiKey });
      const res = await fetch(flow.json.webhookUrl as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'probe@example.test' }),
      });
      const body = (await res.json()) as { eventId?: string };
      if (res.status !== 202 || !body.eventId) throw new Error(`webhook: ${res.status} ${JSON.stringify(body)}`);
      return body.eventId;
    },
    requests: (id) => [
      { method: 'GET', path: `/api/v1/events/${id}` },
      { method: 'POST', path: `/api/v1/events/${id}/replay`, body: { body: { email: 'stolen@example.test' } } },
    ],
  },
  {
    object: 'contact',
    create: async (owner) => {
      const { upsertContact } = await import('@/lib/contacts/upsert-contact');
      const { contactId } = await upsertContact(owner.workspaceId, {
        email: `probe-${Date.now()}@example.test`,
        tags: [],
        fields: {},
      });
      return contactId;
    },
    requests: (id) => [{ method: 'GET', path: `/api/v1/contacts/${id}` }],
  },
];

// ---------- role probes ----------
// Every route under app/api/v1 and every server action, read from disk, so a
// new one is probed without anyone remembering to. The role each needs is the
// method's default (GET: viewer; anything else: editor) unless listed here —
// the list is the specification of the exceptions; a route that declares a
// different role without being listed fails the role-probe test.

const apiDir = path.resolve(import.meta.dirname, '../../app/api/v1');
const appDir = path.resolve(import.meta.dirname, '../../app');

export type RouteOnDisk = {
  method: string;
  path: string;
  /** The role the route declares in its apiRoute options, if any. */
  declaredRole?: Role;
  sessionOnly: boolean;
  public: boolean;
};

/** Every (method, path) the route files under app/api/v1 export; params as `{name}`. */
export function apiRoutesOnDisk(dir = apiDir, prefix = ''): RouteOnDisk[] {
  const found: RouteOnDisk[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const segment = entry.name.replace(/^\[(\w+)\]$/, '{$1}');
      found.push(...apiRoutesOnDisk(full, `${prefix}/${segment}`));
    } else if (entry.name === 'route.ts') {
      const source = readFileSync(full, 'utf8');
      for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) {
        // The options object of `export const X = apiRoute({ ... }` (no nested braces before the role).
        const options = /^\s*=\s*apiRoute\(\s*\{([^}]*)\}/.exec(source.slice(m.index + m[0].length))?.[1];
        found.push({
          method: m[1]!,
          path: prefix || '/',
          declaredRole: /role:\s*'(owner|editor|viewer)'/.exec(options ?? '')?.[1] as Role | undefined,
          sessionOnly: /auth:\s*'session'/.test(options ?? ''),
          public: options === undefined,
        });
      }
    }
  }
  return found;
}

export const routeRoleExceptions: Record<string, Role> = {
  // Members and API keys: owners only (DESIGN: roles).
  'POST /members': 'owner',
  'PATCH /members/{id}': 'owner',
  'POST /members/{id}/transfer': 'owner',
  'GET /members/invites': 'owner',
  'DELETE /members/invites/{id}': 'owner',
  'GET /api-keys': 'owner',
  'POST /api-keys': 'owner',
  'DELETE /api-keys/{id}': 'owner',
  // Leaving is removing your own membership, which any member may do; removing
  // someone else is checked for owner inside (probed in members-invites.test.ts).
  'DELETE /members/{id}': 'viewer',
  // Joining another workspace through an invite is not a change to the current one.
  'POST /invites/accept': 'viewer',
};

export function expectedRouteRole(r: RouteOnDisk): Role {
  return routeRoleExceptions[`${r.method} ${r.path}`] ?? defaultRoleFor(r.method);
}

/** A concrete URL for a route: object ids that exist nowhere, so nothing real is touched. */
export function concretePath(r: RouteOnDisk): string {
  return `/api/v1${r.path}`.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'version' ? '1' : name === 'nodeId' ? 'trigger' : randomUUID(),
  );
}

export type ActionOnDisk = {
  file: string;
  name: string;
  /** The role given to guardedAction, or undefined when the export is not made by guardedAction. */
  declaredRole?: Role;
};

/** Every export of every 'use server' file under app/. */
export function serverActionsOnDisk(dir = appDir): ActionOnDisk[] {
  const found: ActionOnDisk[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    const full = path.join(entry.parentPath, entry.name);
    const source = readFileSync(full, 'utf8');
    if (!/^\s*['"]use server['"]/.test(source)) continue;
    for (const m of source.matchAll(/export (?:const|async function|function|let) (\w+)/g)) {
      const guarded = /^\s*=\s*guardedAction\(\s*'(owner|editor|viewer)'/.exec(source.slice(m.index + m[0].length));
      found.push({ file: path.relative(appDir, full), name: m[1]!, declaredRole: guarded?.[1] as Role | undefined });
    }
  }
  return found;
}

/** Server actions that only read (viewer); every other action needs at least editor. */
export const actionRoleExceptions: Record<string, Role> = {
  '(app)/settings/queues/actions.ts retryJobAction': 'owner',
  // Which of your own workspaces you work in: not a change to any workspace.
  '(app)/settings/actions.ts switchWorkspaceAction': 'viewer',
};

export const expectedActionRole = (a: ActionOnDisk): Role => actionRoleExceptions[`${a.file} ${a.name}`] ?? 'editor';

export type ActionInBuild = { id: string; file: string; name: string; page: string };

/** The server actions of the suite's build, with a page each can be posted to. */
export function serverActionsInBuild(): ActionInBuild[] {
  const dist = path.resolve(appDir, '..', process.env.NEXT_DIST_DIR || '.next');
  const manifest = JSON.parse(readFileSync(path.join(dist, 'server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, a]) => {
    const pages = Object.keys(a.workers).map((w) =>
      w
        .replace(/^app/, '')
        .replace(/\/page$/, '')
        .replace(/\/\([^)]+\)/g, '')
        .replace(/\[[^\]]+\]/g, () => randomUUID()),
    );
    // Any page that imports the action can run it; a static one is the least work.
    const page = pages.find((p) => !/[0-9a-f]{8}-/.test(p)) ?? pages[0]!;
    return { id, file: a.filename.replace(/^app\//, ''), name: a.exportedName, page: page || '/' };
  });
}

/** Calls a server action the way Next's client does (arguments as a JSON array); answers the RSC text. */
export async function callServerAction(action: ActionInBuild, cookie: string, args: unknown[] = [{}]) {
  const res = await fetch(`${baseUrl()}${action.page}`, {
    method: 'POST',
    headers: {
      'next-action': action.id,
      accept: 'text/x-component',
      'content-type': 'text/plain;charset=UTF-8',
      origin: baseUrl(),
      cookie,
    },
    body: JSON.stringify(args),
  });
  return { status: res.status, text: await res.text() };
}
