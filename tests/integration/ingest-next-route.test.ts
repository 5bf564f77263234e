import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHookFlow, getEvent, postJson } from '../helpers/hooks';
import { freePort, waitFor } from '../helpers/ports';
import { createTenant, type Tenant } from '../helpers/tenant';

// `npm start` answers webhooks from the ingest server (web/main.ts); under a
// bare `next start` (or next dev) the Next route serves the same code. Keep
// that second door working.

const root = path.resolve(import.meta.dirname, '../..');
let t: Tenant;
let url: string;
let child: ReturnType<typeof spawn>;

beforeAll(async () => {
  t = await createTenant('next-route');
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)], {
    cwd: root,
    env: { ...process.env, PORT: String(port), APP_URL: url },
    stdio: 'ignore',
  });
  await waitFor(async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok, {
    timeoutMs: 60_000,
    what: 'next start',
  });
});
afterAll(() => {
  child?.kill('SIGKILL');
});

describe('the Next.js hook route', () => {
  it('accepts, tests and refuses like the ingest server', async () => {
    const flow = await createHookFlow(t);
    const at = (u: string) => `${url}${new URL(u).pathname}`;
    const res = await postJson(at(flow.url), { via: 'next' });
    expect(res).toMatchObject({ status: 202, json: { status: 'accepted' } });
    expect((await getEvent(t, res.json.eventId)).body).toEqual({ via: 'next' });
    expect((await postJson(at(flow.testUrl), {})).json.status).toBe('test');
    expect((await fetch(at(flow.url), { method: 'HEAD' })).status).toBe(405);
    expect((await postJson(`${url}/hooks/unknown0token0unknown0token`, {})).status).toBe(404);
  });
});
