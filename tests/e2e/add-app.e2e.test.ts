import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRedisPrefix, dropDatabase } from '../../scripts/support/scratch';
import { addSessionCookie, openBrowser, type Browser } from '../helpers/browser';
import { freePort, waitFor } from '../helpers/ports';
import { randomIp } from '../helpers/tenant';

// "How to add an app" (README), done for real: a temp copy of the tree gets the
// fixture app (tests/fixtures/echo-app) as lib/integrations/echo/ plus its line
// in each registry, and nothing else. That copy is built and started (web and
// worker, own database and queue prefix), and the new app shows up in the
// palette, the connection form, the OpenAPI document and a run.

const root = path.resolve(import.meta.dirname, '../..');
const logDir = path.join(root, 'test-results/logs');
let copy: string;
let server: ChildProcess | undefined;
let appUrl: string;
let browser: Browser | undefined;
const dbName = `switchboard_addapp_${randomBytes(4).toString('hex')}`;
const prefix = `${process.env.QUEUE_PREFIX ?? 'sbtest'}-addapp`;
const pgBase = () => process.env.DATABASE_URL!.replace(/\/[^/]*$/, '');

/** Adds `import { name } from './echo/<file>';` and `name,` to a registry's list. */
function register(file: string, name: string, from: string) {
  const src = readFileSync(file, 'utf8');
  const listEnd = src.indexOf('\n];');
  expect(listEnd).toBeGreaterThan(0);
  const withEntry = `${src.slice(0, listEnd)}\n  ${name},${src.slice(listEnd)}`;
  rmSync(file); // written anew, not through a hard link
  writeFileSync(file, `import { ${name} } from '${from}';\n${withEntry}`);
}

beforeAll(async () => {
  copy = mkdtempSync(path.join(tmpdir(), 'switchboard-addapp-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root })
    .toString()
    .split('\0')
    .filter((f) => f && existsSync(path.join(root, f)));
  for (const f of files) cpSync(path.join(root, f), path.join(copy, f));
  execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(copy, 'node_modules')]);
  cpSync(path.join(root, 'lib/generated'), path.join(copy, 'lib/generated'), { recursive: true });

  // The whole change: one folder and one line in each registry.
  cpSync(path.join(root, 'tests/fixtures/echo-app'), path.join(copy, 'lib/integrations/echo'), { recursive: true });
  register(path.join(copy, 'lib/integrations/registry.ts'), 'echoApp', './echo/app');
  register(path.join(copy, 'lib/integrations/registry.server.ts'), 'echoServer', './echo/server');

  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  mkdirSync(logDir, { recursive: true });
  server = spawn(process.execPath, ['--import', 'tsx', path.join(copy, 'scripts/start.ts'), 'all'], {
    cwd: copy,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: `${pgBase()}/${dbName}`,
      QUEUE_PREFIX: prefix,
      PORT: String(port),
      APP_URL: appUrl,
      DATABASE_POOL_MAX: '3',
      // Its own build folder; the type check is the main tree's (CI).
      NEXT_DIST_DIR: '.next-addapp',
    },
  });
  const log = createWriteStream(path.join(logDir, `add-app-${server.pid}.log`));
  server.stdout!.pipe(log);
  server.stderr!.pipe(log);
  await waitFor(async () => (await fetch(`${appUrl}/api/health`).catch(() => null))?.ok, {
    timeoutMs: 540_000,
    intervalMs: 1000,
    what: 'the copy with the echo app to build and start',
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
      await new Promise((r) => setTimeout(r, 3000));
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await dropDatabase(pgBase(), dbName).catch(() => {});
  await deleteRedisPrefix(process.env.REDIS_URL!, prefix).catch(() => {});
  if (copy) rmSync(copy, { recursive: true, force: true });
}, 60_000);

/** The copy's REST API, signed in with a session cookie. */
async function call(cookie: string, route: string, body?: unknown, method?: string) {
  const res = await fetch(`${appUrl}${route}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { cookie, origin: appUrl, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, text };
}

async function signUp(): Promise<string> {
  const res = await fetch(`${appUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: appUrl, 'x-forwarded-for': randomIp() },
    body: JSON.stringify({
      email: `echo-${randomBytes(4).toString('hex')}@example.test`,
      password: 'pw-echo-app-test-1',
      name: 'Echo',
    }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe('adding an app is one folder and one line per registry', () => {
  it('shows the new app in the palette, the connection form, the OpenAPI document and a run', async () => {
    const cookie = await signUp();

    // OpenAPI: the connection type and the step type, with their fields.
    const doc = (await (await fetch(`${appUrl}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { description?: string }>>;
    };
    expect(doc.paths['/connections']!.post!.description).toContain('echo {greeting, token}');
    expect(doc.paths['/flows']!.post!.description).toContain('echo.say (Echo: say something) {connection, text}');

    // A connection of the new type over the API: the secret is masked, "Check connection" is the app's.
    const bad = await call(cookie, '/api/v1/connections', { type: 'echo', name: 'Echo', config: { greeting: 'Hi' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details).toContainEqual({ path: 'config.token', message: expect.any(String) });
    const conn = await call(cookie, '/api/v1/connections', {
      type: 'echo',
      name: 'Echo',
      config: { greeting: 'Hello', token: 'sekrit-token' },
    });
    expect(conn.status).toBe(201);
    expect(conn.json.config).toEqual({ greeting: 'Hello', token: '••••••••' });
    const check = await call(cookie, `/api/v1/connections/${conn.json.id}/test`, {});
    expect(check.json).toMatchObject({ ok: true, message: 'Echo would say Hello.' });

    // A run: the engine finds the step's run in the copy's registry.
    const graph = {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {} },
        { id: 'echo', type: 'echo.say', config: { connection: conn.json.id, text: '{{ trigger.body.name }}' } },
      ],
      edges: [{ source: 'trigger', target: 'echo' }],
    };
    const flow = await call(cookie, '/api/v1/flows', { name: 'Echo flow', graph });
    expect(flow.status).toBe(201);
    expect((await call(cookie, `/api/v1/flows/${flow.json.id}/publish`, undefined, 'POST')).status).toBe(200);
    const hook = await fetch(flow.json.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada' }),
    });
    expect(hook.status).toBe(202);
    const run = await waitFor(
      async () => {
        const list = await call(cookie, `/api/v1/flows/${flow.json.id}/runs`);
        const id = list.json?.items?.[0]?.id;
        if (!id) return null;
        const r = await call(cookie, `/api/v1/runs/${id}`);
        return ['succeeded', 'failed'].includes(r.json.status) ? r.json : null;
      },
      { timeoutMs: 60_000, what: 'the echo run to finish' },
    );
    expect(run.status).toBe('succeeded');
    expect(run.steps.find((s: { nodeId: string }) => s.nodeId === 'echo').output).toEqual({
      said: 'Hello Ada',
      tokenLength: 12,
    });

    browser = await openBrowser();
    const { page, context } = browser;
    await addSessionCookie(context, cookie, appUrl);

    // The palette offers the step; adding it names the node from its idBase.
    const empty = await call(cookie, '/api/v1/flows', { name: 'Palette' });
    await page.goto(`${appUrl}/flows/${empty.json.id}`);
    const item = page.locator('[data-step-type="echo.say"]');
    await item.waitFor();
    expect(await item.getAttribute('aria-label')).toBe(
      'Add Echo: say something: Answers with the connection’s greeting and the text.',
    );
    await item.click();
    await page.getByTestId('node-echo').waitFor();
    // Its form comes from the schema's .meta(): the multiline text field.
    expect(await page.getByRole('textbox', { name: 'What to say', exact: true }).evaluate((el) => el.tagName)).toBe(
      'TEXTAREA',
    );

    // The connection form offers the type, with the labels and the secret field from its schema.
    await page.goto(`${appUrl}/connections`);
    await page.getByRole('button', { name: 'New connection' }).first().click();
    const form = page.getByRole('form', { name: 'New connection' });
    await form.getByLabel('Type').selectOption({ label: 'Echo service' });
    await form.getByLabel('Greeting word').waitFor();
    expect(await form.getByLabel('Echo token').getAttribute('type')).toBe('password');
    // The list shows the existing connection with the app's summary.
    expect(await page.getByRole('row', { name: /Echo/ }).getByText('Says Hello').isVisible()).toBe(true);
  }, 180_000);
});
