import { randomBytes } from 'node:crypto';
import { applyMigrations, ensureDatabase } from '@/lib/db/migrate';
import { OAUTH_CALLBACK_PATH } from '@/lib/oauth2/providers';
import { deleteRedisPrefix, dropDatabase } from '@/scripts/support/scratch';
import { ownDatabase } from './own-database';
import { startOAuthServer, type OAuthServer } from './oauth-server';
import { freePort } from './ports';
import { startWeb, startWorker, type Proc } from './processes';

// A web process and workers of their own (own database and queue prefix) with
// Google's (and, if asked, Microsoft's) OAuth2 endpoints pointed at a local
// authorization server. The
// suite's processes have no client id, and must not pick up these runs.

export const CLIENT_ID = 'switchboard-test-client';
export const CLIENT_SECRET = 'test-client-secret-0123456789';

export type OAuthStack = { url: string; oauth: OAuthServer; stop(): Promise<void> };

/**
 * `opts.microsoft` also points Microsoft 365's endpoints at the local server
 * (otherwise left unconfigured, as the "not set up" tests need); `opts.env` is
 * added to the processes' environment (e.g. OAUTH_GOOGLE_API_URL).
 */
export async function startOAuthStack(
  workers = 0,
  opts: { microsoft?: boolean; env?: Record<string, string> } = {},
): Promise<OAuthStack> {
  await ensureDatabase(ownDatabase.url);
  await applyMigrations(ownDatabase.url);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const oauth = await startOAuthServer({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `${url}${OAUTH_CALLBACK_PATH}`,
  });
  const prefix = `sboauth-${randomBytes(4).toString('hex')}`;
  const env = {
    DATABASE_URL: ownDatabase.url,
    QUEUE_PREFIX: prefix,
    GOOGLE_CLIENT_ID: CLIENT_ID,
    GOOGLE_CLIENT_SECRET: CLIENT_SECRET,
    OAUTH_GOOGLE_AUTHORIZE_URL: oauth.authorizeUrl,
    OAUTH_GOOGLE_TOKEN_URL: oauth.tokenUrl,
    ...(opts.microsoft
      ? {
          MICROSOFT_CLIENT_ID: CLIENT_ID,
          MICROSOFT_CLIENT_SECRET: CLIENT_SECRET,
          OAUTH_MICROSOFT_AUTHORIZE_URL: oauth.authorizeUrl,
          OAUTH_MICROSOFT_TOKEN_URL: oauth.tokenUrl,
        }
      : {}),
    // A refused refresh must fail the step, not be retried: retries come quickly here.
    RETRY_BASE_MS: '50',
    ...opts.env,
  };
  const procs: Proc[] = [];
  for (let i = 0; i < workers; i++) procs.push(startWorker(env, `oauth-worker-${i}`));
  const web = await startWeb({ ...env, PORT: String(port), APP_URL: url });
  procs.push(web);
  // Tenants, API calls and browsers of this file go to this web process.
  process.env.TEST_BASE_URL = url;
  return {
    url,
    oauth,
    async stop() {
      await Promise.all(procs.map((p) => p.kill('SIGTERM')));
      await oauth.close();
      await deleteRedisPrefix(process.env.REDIS_URL!, prefix);
      await dropDatabase(ownDatabase.base, ownDatabase.name).catch(() => {});
    },
  };
}

/** Signs in at the local provider if it asks, then consents ("Continue"). */
export async function consentAtProvider(page: import('playwright-core').Page, issuer: string): Promise<void> {
  await page.waitForURL((u) => u.href.startsWith(issuer));
  if (await page.locator('input[name="login"]').count()) {
    await page.locator('input[name="login"]').fill('ada');
    await page.locator('input[name="password"]').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }
  await page.getByRole('button', { name: 'Continue' }).click();
}

/**
 * An OAuth2 connection made the way a person makes one: Connect (the start
 * route, with the tenant's session), consent at the local provider in
 * Chromium, and the provider's redirect to the callback, completed with the
 * same session. Returns the new connection's id.
 */
export async function connectAccount(
  stack: OAuthStack,
  page: import('playwright-core').Page,
  cookie: string,
  provider: 'google' | 'microsoft',
  name: string,
): Promise<string> {
  const start = await fetch(`${stack.url}/api/v1/oauth2/${provider}/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: stack.url },
    body: JSON.stringify({ name }),
  });
  if (start.status !== 200) throw new Error(`oauth2 start: ${start.status} ${await start.text()}`);
  const { authorizeUrl } = (await start.json()) as { authorizeUrl: string };
  await page.goto(authorizeUrl);
  await consentAtProvider(page, stack.oauth.issuer);
  // The browser has no Switchboard session: the callback refuses it before touching the state.
  await page.waitForURL((u) => u.pathname === OAUTH_CALLBACK_PATH);
  const done = await fetch(page.url(), { headers: { cookie, accept: 'application/json' }, redirect: 'manual' });
  const connected = new URL(done.headers.get('location') ?? '', stack.url).searchParams.get('connected');
  if (done.status !== 303 || !connected) throw new Error(`oauth2 callback: ${done.status} ${await done.text()}`);
  return connected;
}

/** Access tokens the local provider has issued so far (a vendor stand-in accepts these). */
export const issuedAccessTokens = (stack: OAuthStack): Set<string> =>
  new Set(
    stack.oauth.tokenCalls.filter((c) => c.status === 200 && c.answer.access_token).map((c) => c.answer.access_token),
  );

/** The refresh_token grants the local provider has answered. */
export const refreshCalls = (stack: OAuthStack) =>
  stack.oauth.tokenCalls.filter((c) => c.params.get('grant_type') === 'refresh_token');

/** The token of an `Authorization: Bearer …` header, or null. */
export const bearerOf = (headers: Record<string, unknown>): string | null =>
  /^Bearer (\S+)$/.exec(String(headers.authorization ?? ''))?.[1] ?? null;
