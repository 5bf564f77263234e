import '../helpers/own-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { consentAtProvider, startOAuthStack, type OAuthStack } from '../helpers/oauth-stack';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent, step } from '../helpers/run-flows';
import { createTenant, type Tenant } from '../helpers/tenant';

// An OAuth2 connection end to end, against a local authorization server
// standing in for Google: Connect in Chromium, consent, land back connected;
// an HTTP request step sends the bearer token; a 401 and an expiring token are
// each refreshed once; concurrent runs on two workers refresh once; a revoked
// grant shows "Needs reconnecting", fails the step without retries, and
// Reconnect repairs it. One story, in order: each part needs the last.

let stack: OAuthStack;
let t: Tenant;
let b: Browser;
let api: Awaited<ReturnType<typeof startRecordingServer>>;
let connectionId: string;
let flow: { id: string; url: string };

const refreshes = () => stack.oauth.tokenCalls.filter((c) => c.params.get('grant_type') === 'refresh_token');
const lastAnswer = () => stack.oauth.tokenCalls.filter((c) => c.status === 200).at(-1)!.answer;

beforeAll(async () => {
  stack = await startOAuthStack(2);
  t = await createTenant('oauth');
  api = await startRecordingServer(() => ({ status: 200, body: { ok: true } }));
  b = await openBrowser();
  await addSessionCookie(b.context, t.cookie, stack.url);
});
afterAll(async () => {
  await b?.close();
  await api?.close();
  await db.$disconnect();
  await stack?.stop();
});

describe('OAuth2 connection (Google, local authorization server)', () => {
  it('a provider without client id and secret shows how to set it up', async () => {
    const { page } = b;
    await page.goto(`${stack.url}/connections`);
    await page.getByRole('button', { name: 'New connection' }).first().click();
    const form = page.getByRole('form', { name: 'New connection' });
    await form.getByLabel('Type').selectOption('microsoft');
    const hint = form.getByText(/Microsoft 365 sign-in is not set up on this server/);
    await hint.waitFor();
    const text = await form.textContent();
    expect(text).toContain('MICROSOFT_CLIENT_ID');
    expect(text).toContain('MICROSOFT_CLIENT_SECRET');
    expect(text).toContain(`${stack.url}/api/oauth2/callback`);
    expect(await form.getByRole('button', { name: /Connect/ }).count()).toBe(0);
  });

  it('Connect → consent at the provider → back on Connections, connected; tokens stored encrypted only', async () => {
    const { page } = b;
    const form = page.getByRole('form', { name: 'New connection' });
    await form.getByLabel('Type').selectOption('google');
    await form.getByLabel('Name').fill('Sales Google');
    await form.getByRole('button', { name: 'Connect Google' }).click();
    await consentAtProvider(page, stack.oauth.issuer);
    await page.waitForURL((u) => u.pathname === '/connections' && u.searchParams.has('connected'));
    await page.getByText('Connected “Sales Google”').waitFor();
    const row = page.getByRole('row', { name: /Sales Google/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Google');
    expect(await row.textContent()).not.toContain('Needs reconnecting');
    await b.screenshot('oauth2-connected');

    // The code was exchanged with the PKCE verifier and the registered redirect URL.
    const exchange = stack.oauth.tokenCalls.find((c) => c.params.get('grant_type') === 'authorization_code')!;
    expect(exchange.status).toBe(200);
    expect(exchange.params.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(exchange.params.get('redirect_uri')).toBe(`${stack.url}/api/oauth2/callback`);
    const { access_token, refresh_token } = exchange.answer;
    expect(access_token && refresh_token).toBeTruthy();

    connectionId = new URL(page.url()).searchParams.get('connected')!;
    const stored = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(stored.type).toBe('google');
    expect(stored.status).toBe('ok');
    for (const secret of [access_token, refresh_token]) {
      expect(stored.secret).not.toContain(secret);
      expect(JSON.stringify(stored.config)).not.toContain(secret);
      expect(await page.content()).not.toContain(secret);
    }
    const listed = await fetch(`${stack.url}/api/v1/connections/${connectionId}`, {
      headers: { authorization: `Bearer ${t.apiKey}` },
    }).then((r) => r.text());
    expect(listed).not.toContain(access_token);
    expect(listed).not.toContain(refresh_token);
    // Nothing of the authorization is left to replay.
    expect(await db.oAuthState.count()).toBe(0);
  });

  it('an HTTP request step sends Authorization: Bearer <access token>', async () => {
    const token = lastAnswer().access_token;
    flow = await publishedFlow(
      t,
      chain([
        {
          id: 'call',
          type: 'http.request',
          config: { method: 'POST', url: `${api.url}/contacts`, connection: connectionId, body: { n: 1 } },
          retry: { attempts: 3, backoffMs: 50 },
        },
      ]),
    );
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { n: 1 }) });
    expect(run.status).toBe('succeeded');
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${token}`]);
    expect(refreshes()).toHaveLength(0);
    // The token is added at the call: neither the run's recorded input nor its output holds it.
    expect(JSON.stringify(run)).not.toContain(token);
  });

  it('a 401 refreshes once (refresh_token grant, client credentials, no code) and the call is repeated', async () => {
    const rejected = lastAnswer().access_token;
    const refreshToken = stack.oauth.tokenCalls.find((c) => c.params.get('grant_type') === 'authorization_code')!.answer
      .refresh_token;
    api.reply((r) =>
      r.headers.authorization === `Bearer ${rejected}` ? { status: 401, body: 'expired' } : { status: 200, body: {} },
    );
    // The next token lives less than the refresh margin (60 s): the following run refreshes before calling.
    stack.oauth.state.accessTtl = 30;
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { n: 2 }) });
    expect(run.status).toBe('succeeded');
    expect(refreshes()).toHaveLength(1);
    const [refresh] = refreshes();
    expect(Object.fromEntries(refresh!.params)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'switchboard-test-client',
      client_secret: 'test-client-secret-0123456789',
    });
    expect(refresh!.answer.refresh_token).not.toBe(refreshToken); // rotated
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${rejected}`,
      `Bearer ${refresh!.answer.access_token}`,
    ]);
  });

  it('a token about to expire is refreshed before the call', async () => {
    const expiring = lastAnswer().access_token;
    api.reply(() => ({ status: 200, body: {} }));
    stack.oauth.state.accessTtl = 30; // so the next part starts with an expiring token too
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { n: 3 }) });
    expect(run.status).toBe('succeeded');
    expect(refreshes()).toHaveLength(2);
    const fresh = lastAnswer().access_token;
    expect(fresh).not.toBe(expiring);
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${fresh}`]);
  });

  it('runs on two workers needing a refresh at once make one token request', async () => {
    api.reply(() => ({ status: 200, body: {} }));
    stack.oauth.state.accessTtl = 3600;
    // Holds the refresh answer back so that every run is waiting for a token at the same time.
    stack.oauth.state.refreshDelayMs = 1500;
    const before = refreshes().length;
    const events = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => sendEvent(flow.url, { burst: n })));
    const runs = await Promise.all(events.map((eventId) => finishedRun(t, { eventId })));
    stack.oauth.state.refreshDelayMs = 0;
    expect(runs.map((r) => r.status)).toEqual(Array(6).fill('succeeded'));
    // A second refresh would have reused the rotated refresh token: the provider refuses that
    // and revokes the grant, so these runs would have failed as well.
    expect(refreshes().length - before).toBe(1);
    const fresh = lastAnswer().access_token;
    expect(new Set(api.requests.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${fresh}`]));
  });

  it('a revoked grant marks the connection "Needs reconnecting" and fails the step without retries', async () => {
    await stack.oauth.revoke(lastAnswer().refresh_token);
    // The API stops accepting the token; the refresh that follows is refused (invalid_grant).
    api.reply(() => ({ status: 401, body: 'revoked' }));
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { n: 4 }) });
    expect(run.status).toBe('failed');
    const call = step(run, 'call');
    expect(call.error).toMatch(/Connection "Sales Google" needs reconnecting/);
    expect(call.attempts).toBe(1);
    expect(refreshes().at(-1)!.answer.error).toBe('invalid_grant');
    const row = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.status).toBe('needs_reconnecting');

    // The next run fails at once, without asking the provider again.
    const calls = stack.oauth.tokenCalls.length;
    const next = await finishedRun(t, { eventId: await sendEvent(flow.url, { n: 5 }) });
    expect(next.status).toBe('failed');
    expect(step(next, 'call').error).toMatch(/needs reconnecting/);
    expect(stack.oauth.tokenCalls.length).toBe(calls);

    const { page } = b;
    await page.goto(`${stack.url}/connections`);
    const listed = page.getByRole('row', { name: /Sales Google/ });
    await listed.getByText('Needs reconnecting').waitFor();
    await listed.getByRole('button', { name: 'Check connection' }).click();
    await expect.poll(() => listed.getByRole('status').textContent()).toMatch(/needs reconnecting/);
    await b.screenshot('oauth2-needs-reconnecting');
  });

  it('Reconnect signs in again and the same connection works', async () => {
    const { page } = b;
    await page
      .getByRole('row', { name: /Sales Google/ })
      .getByRole('button', { name: 'Reconnect' })
      .click();
    await consentAtProvider(page, stack.oauth.issuer);
    await page.waitForURL((u) => u.pathname === '/connections' && u.searchParams.get('connected') === connectionId);
    await page.getByText('Connected “Sales Google”').waitFor();
    expect(await page.getByRole('row', { name: /Sales Google/ }).textContent()).not.toContain('Needs reconnecting');
    expect(await db.connection.count({ where: { workspaceId: t.workspaceId } })).toBe(1);
    const row = page.getByRole('row', { name: /Sales Google/ });
    await row.getByRole('button', { name: 'Check connection' }).click();
    await expect.poll(() => row.getByRole('status').textContent()).toContain('the access token is valid');

    api.reply(() => ({ status: 200, body: {} }));
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { n: 6 }) });
    expect(run.status).toBe('succeeded');
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${lastAnswer().access_token}`]);
  });

  it('the editor’s HTTP request step signs in to an account and comes back to the flow', async () => {
    const created = await fetch(`${stack.url}/api/v1/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'editor sign-in',
        graph: {
          nodes: [
            { id: 'trigger', type: 'trigger.webhook', config: {}, position: { x: 0, y: 0 } },
            {
              id: 'call',
              type: 'http.request',
              config: { method: 'GET', url: `${api.url}/x` },
              position: { x: 0, y: 200 },
            },
          ],
          edges: [{ source: 'trigger', target: 'call' }],
        },
      }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const { page } = b;
    await page.goto(`${stack.url}/flows/${created.id}`);
    await page.locator('[data-testid="node-call"] p').first().click();
    await page.getByTestId('config-panel').waitFor();
    await page.getByRole('button', { name: 'Sign in to an account (OAuth2)' }).click();
    const group = page.getByRole('group', { name: 'New OAuth2 connection' });
    await group.getByLabel('Account').selectOption('google');
    await group.getByLabel('Connection name').fill('Editor Google');
    await group.getByRole('button', { name: 'Connect Google' }).click();
    await consentAtProvider(page, stack.oauth.issuer);
    await page.waitForURL((u) => u.pathname === `/flows/${created.id}` && u.searchParams.has('connected'));
    await page.locator('[data-testid="node-call"] p').first().click();
    await expect
      .poll(() => page.getByRole('option', { name: 'Editor Google (Google)' }).count(), { timeout: 10_000 })
      .toBe(1);
  });
});
