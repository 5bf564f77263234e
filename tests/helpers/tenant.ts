import { randomBytes } from 'node:crypto';
import { createApiKey } from '@/lib/auth/api-keys';
import { db } from '@/lib/db';

// A signed-up user with a workspace, a session cookie and an API key — made
// through the real sign-up endpoint of the suite's web server.

export const baseUrl = () => {
  const url = process.env.TEST_BASE_URL;
  if (!url) throw new Error('TEST_BASE_URL is not set: run the suite with `npm test`');
  return url;
};

export type Tenant = {
  userId: string;
  email: string;
  password: string;
  workspaceId: string;
  apiKey: string;
  cookie: string;
};

export async function createTenant(label = 'user'): Promise<Tenant> {
  const email = `${label}-${randomBytes(5).toString('hex')}@example.test`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const res = await fetch(`${baseUrl()}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl(), 'x-forwarded-for': randomIp() },
    body: JSON.stringify({ email, password, name: label }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { user } = (await res.json()) as { user: { id: string } };
  const membership = await db.membership.findFirstOrThrow({
    where: { userId: user.id },
    select: { workspaceId: true },
  });
  const { key } = await createApiKey({ workspaceId: membership.workspaceId, userId: user.id, name: 'test' });
  return { userId: user.id, email, password, workspaceId: membership.workspaceId, apiKey: key, cookie };
}

/** Sign-up and sign-in are rate limited per IP; each test tenant gets its own. */
export const randomIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

export type ApiInit = {
  method?: string;
  body?: unknown;
  key?: string;
  cookie?: string;
  headers?: Record<string, string>;
};

/** Calls the REST API of the suite's web server. */
export async function api(path: string, init: ApiInit = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.cookie) {
    headers.cookie = init.cookie;
    headers.origin = baseUrl();
  }
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl()}${path}`, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  // A Server-Sent Events stream never ends: its status and headers are the answer.
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, headers: res.headers, json: undefined as any, text: '' };
  }
  const text = await res.text();
  let json: any = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
