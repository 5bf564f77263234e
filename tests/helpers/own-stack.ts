import { randomBytes } from 'node:crypto';
import { applyMigrations, ensureDatabase } from '@/lib/db/migrate';
import { deleteRedisPrefix, dropDatabase } from '@/scripts/support/scratch';
import { ownDatabase } from './own-database';
import { freePort } from './ports';
import { startWeb, startWorker, type Proc } from './processes';
import type { Tenant } from './tenant';

// A web process and a worker of their own (own database, see own-database.ts,
// and queue prefix) started with settings the suite's processes lack — an
// OAuth provider's client id and endpoints pointed at a local stand-in. Tenants
// and API calls of the test file then go to this web process.

export type OwnStack = { url: string; stop(): Promise<void> };

export async function startOwnStack(env: Record<string, string>): Promise<OwnStack> {
  await ensureDatabase(ownDatabase.url);
  await applyMigrations(ownDatabase.url);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const prefix = `sbown-${randomBytes(4).toString('hex')}`;
  const all = { DATABASE_URL: ownDatabase.url, QUEUE_PREFIX: prefix, RETRY_BASE_MS: '50', ...env };
  const procs: Proc[] = [startWorker(all, 'own-worker')];
  procs.push(await startWeb({ ...all, PORT: String(port), APP_URL: url }));
  process.env.TEST_BASE_URL = url;
  return {
    url,
    async stop() {
      await Promise.all(procs.map((p) => p.kill('SIGTERM')));
      await deleteRedisPrefix(process.env.REDIS_URL!, prefix);
      await dropDatabase(ownDatabase.base, ownDatabase.name).catch(() => {});
    },
  };
}

/**
 * Makes an OAuth2 connection the way a person does, without a browser: Connect
 * (POST /api/v1/oauth2/{provider}/start), the provider's authorize URL (a
 * stand-in that approves at once), then the callback with the session. Returns
 * the new connection's id.
 */
export async function connectAccount(stack: OwnStack, t: Tenant, provider: string, name: string): Promise<string> {
  const start = await fetch(`${stack.url}/api/v1/oauth2/${provider}/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: t.cookie, origin: stack.url },
    body: JSON.stringify({ name }),
  });
  if (start.status !== 200) throw new Error(`start: ${start.status} ${await start.text()}`);
  const { authorizeUrl } = (await start.json()) as { authorizeUrl: string };
  const approved = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = approved.headers.get('location');
  if (approved.status !== 302 || !callback) throw new Error(`authorize: ${approved.status} ${await approved.text()}`);
  const done = await fetch(callback, { headers: { cookie: t.cookie, accept: 'application/json' }, redirect: 'manual' });
  const landed = done.headers.get('location');
  if (done.status !== 303 || !landed) throw new Error(`callback: ${done.status} ${await done.text()}`);
  return new URL(landed).searchParams.get('connected')!;
}
