import { randomBytes } from 'node:crypto';
import { applyMigrations, ensureDatabase } from '@/lib/db/migrate';
import { OAUTH_CALLBACK_PATH } from '@/lib/oauth2/providers';
import { deleteRedisPrefix, dropDatabase } from '@/scripts/support/scratch';
import { ownDatabase } from './own-database';
import { startOAuthServer, type OAuthServer } from './oauth-server';
import { freePort } from './ports';
import { startWeb, startWorker, type Proc } from './processes';

// A web process and workers of their own (own database and queue prefix) with
// Google's OAuth2 endpoints pointed at a local authorization server. The
// suite's processes have no client id, and must not pick up these runs.

export const CLIENT_ID = 'switchboard-test-client';
export const CLIENT_SECRET = 'test-client-secret-0123456789';

export type OAuthStack = { url: string; oauth: OAuthServer; stop(): Promise<void> };

export async function startOAuthStack(workers = 0): Promise<OAuthStack> {
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
    // A refused refresh must fail the step, not be retried: retries come quickly here.
    RETRY_BASE_MS: '50',
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
