import '../helpers/own-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { openBrowser, type Browser } from '../helpers/browser';
import { consentAtProvider, startOAuthStack, type OAuthStack } from '../helpers/oauth-stack';
import { createTenant, randomIp, type Tenant } from '../helpers/tenant';

// The OAuth2 start and callback routes refuse everything but the one answer
// they are waiting for, with a clear 4xx and nothing stored: a tampered or
// replayed state, a state from another session or past its 10 minutes, a
// code issued for another authorization's PKCE challenge, a missing verifier.
// Real authorization codes come from a local authorization server through
// Chromium; the callback is then called directly.

let stack: OAuthStack;
let t: Tenant;
let b: Browser;

beforeAll(async () => {
  stack = await startOAuthStack(0);
  t = await createTenant('oauth-cb');
  // Without Switchboard's session cookie: the callback it lands on answers 401
  // before touching the state, so the test holds an unused callback URL.
  b = await openBrowser();
});
afterAll(async () => {
  await b?.close();
  await db.$disconnect();
  await stack?.stop();
});

async function start(provider = 'google', init: { cookie?: string; key?: string; origin?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  else headers.cookie = init.cookie ?? t.cookie;
  if (init.origin !== null) headers.origin = init.origin ?? stack.url;
  const res = await fetch(`${stack.url}/api/v1/oauth2/${provider}/start`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: 'Google here' }),
  });
  return { status: res.status, json: (await res.json()) as any };
}

/** Starts an authorization, consents in Chromium and returns the callback URL the provider sent back (its state unused). */
async function authorize(): Promise<URL> {
  const { json } = await start();
  await b.page.goto(json.authorizeUrl);
  await consentAtProvider(b.page, stack.oauth.issuer);
  await b.page.waitForURL((u) => u.pathname === '/api/oauth2/callback');
  return new URL(b.page.url());
}

async function callback(url: URL | string, cookie: string | null = t.cookie, accept = 'application/json') {
  const res = await fetch(url, { headers: { ...(cookie ? { cookie } : {}), accept }, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, location: res.headers.get('location'), text };
}

const stored = () => db.connection.count({ where: { workspaceId: t.workspaceId } });

describe('OAuth2 start', () => {
  it('needs a browser session from our own origin; names what to set for an unconfigured provider', async () => {
    expect((await start('google', { key: t.apiKey })).status).toBe(401);
    expect((await start('google', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await start('google', { origin: null })).status).toBe(403);
    expect((await start('nope')).status).toBe(404);
    const ms = await start('microsoft');
    expect(ms.status).toBe(409);
    expect(ms.json.error.message).toContain('MICROSOFT_CLIENT_ID');
    expect(ms.json.error.message).toContain(`${stack.url}/api/oauth2/callback`);
    expect(await db.oAuthState.count()).toBe(0);
  });

  it('sends the browser to the provider with S256 PKCE and a state, neither stored in the clear', async () => {
    const { status, json } = await start();
    expect(status).toBe(200);
    const url = new URL(json.authorizeUrl);
    expect(url.origin + url.pathname).toBe(stack.oauth.authorizeUrl);
    const p = Object.fromEntries(url.searchParams);
    expect(p).toMatchObject({
      response_type: 'code',
      client_id: 'switchboard-test-client',
      redirect_uri: `${stack.url}/api/oauth2/callback`,
      code_challenge_method: 'S256',
    });
    expect(p.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await db.oAuthState.findMany({ where: { workspaceId: t.workspaceId } });
    expect(JSON.stringify(rows)).not.toContain(p.state);
    await db.oAuthState.deleteMany({});
  });
});

describe('OAuth2 callback', () => {
  it('a tampered state is refused and stores nothing; the real one works once, a replay is refused', async () => {
    const url = await authorize();
    const state = url.searchParams.get('state')!;
    const tampered = new URL(url);
    tampered.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
    const bad = await callback(tampered);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.message).toMatch(/unknown or was already used/);
    expect(await stored()).toBe(0);

    const ok = await callback(url);
    expect(ok.status).toBe(303);
    expect(ok.location).toMatch(new RegExp(`^${stack.url}/connections\\?connected=[0-9a-f-]{36}$`));
    expect(await stored()).toBe(1);

    const replay = await callback(url);
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.text).error.message).toMatch(/already used/);
    expect(await stored()).toBe(1);
    await db.connection.deleteMany({ where: { workspaceId: t.workspaceId } });
  });

  it('another session of the same user cannot complete it (CSRF), and the state is spent', async () => {
    const url = await authorize();
    const signIn = await fetch(`${stack.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.url, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email: t.email, password: t.password }),
    });
    expect(signIn.status).toBe(200);
    const otherSession = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const other = await callback(url, otherSession);
    expect(other.status).toBe(403);
    expect(JSON.parse(other.text).error.message).toMatch(/another session/);
    expect((await callback(url)).status).toBe(400);
    expect((await callback(url, null)).status).toBe(401);
    expect(await stored()).toBe(0);
  });

  it('a code issued for another authorization (its PKCE challenge) is refused by the provider; nothing stored', async () => {
    const first = await authorize();
    const second = await authorize();
    const injected = new URL(second);
    injected.searchParams.set('code', first.searchParams.get('code')!);
    const calls = stack.oauth.tokenCalls.length;
    const res = await callback(injected);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.message).toMatch(/Google refused the authorization code \(invalid_grant/);
    const exchange = stack.oauth.tokenCalls.slice(calls);
    expect(exchange).toHaveLength(1);
    expect(exchange[0]!.params.get('code_verifier')).toBeTruthy();
    expect(exchange[0]!.answer.error).toBe('invalid_grant');
    expect(await stored()).toBe(0);
    await db.oAuthState.deleteMany({});
  });

  it('a state whose PKCE verifier is missing is refused before the provider is asked; nothing stored', async () => {
    const url = await authorize();
    await db.oAuthState.updateMany({ data: { verifier: '' } });
    const calls = stack.oauth.tokenCalls.length;
    const res = await callback(url);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.message).toMatch(/PKCE verifier/);
    expect(stack.oauth.tokenCalls.length).toBe(calls);
    expect(await stored()).toBe(0);
  });

  it('an expired state is refused; nothing stored', async () => {
    const url = await authorize();
    await db.oAuthState.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await callback(url);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.message).toMatch(/expired/);
    expect(await stored()).toBe(0);
  });

  it('no state, or the provider refusing, is a clear 4xx; a browser gets it as a page', async () => {
    const noState = await callback(`${stack.url}/api/oauth2/callback?code=abc`);
    expect(noState.status).toBe(400);
    expect(JSON.parse(noState.text).error.message).toMatch(/no state/);

    const { json } = await start();
    const state = new URL(json.authorizeUrl).searchParams.get('state')!;
    const denied = await callback(
      `${stack.url}/api/oauth2/callback?state=${state}&error=access_denied&error_description=${encodeURIComponent('<b>no</b>')}`,
      t.cookie,
      'text/html',
    );
    expect(denied.status).toBe(400);
    expect(denied.text).toContain('Google did not grant access (access_denied: &lt;b&gt;no&lt;/b&gt;)');
    expect(denied.text).toContain('href="/connections"');
    expect(await stored()).toBe(0);
  });

  it('OAuth2 connections cannot be created or given settings through the connections API', async () => {
    const res = await fetch(`${stack.url}/api/v1/connections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'google', name: 'x', config: { provider: 'google' } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toMatch(/made by signing in/);
    expect(await stored()).toBe(0);
  });
});
