import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConnectionForStep } from '@/lib/connections/load-connection-for-step';
import { startMailCatcher } from '../helpers/mail-catcher';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Issue 16 item 6 over the API: a connection is edited in place (a secret left
// blank keeps its value), settings that cannot work are refused with a message
// per field, names are unique in a workspace, and "Check connection" offers the
// From address to the server as a send would.

const PASS = 'smtp-pass-Edit42sec';
let a: Tenant;
let b: Tenant;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let id: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createTenant('edit-a'), createTenant('edit-b')]);
  mail = await startMailCatcher(undefined, {
    login: { user: 'mailer', pass: PASS },
    refuseSenders: ['someone@elsewhere.example'],
  });
  const res = await api('/api/v1/connections', {
    key: a.apiKey,
    body: {
      type: 'smtp',
      name: 'Office mail',
      config: { host: '127.0.0.2', port: mail.port, user: 'mailer', pass: PASS, from: 'Shop <shop@acme.test>' },
    },
  });
  expect(res.status, res.text).toBe(201);
  id = res.json.id;
});
afterAll(() => mail.close());

const check = async (key = a.apiKey) =>
  (await api(`/api/v1/connections/${id}/test`, { key, method: 'POST', body: {} })).json;

describe('editing a connection', () => {
  it('PATCH with the password left blank (or absent) keeps the stored one', async () => {
    // Nothing listens on 127.0.0.2 (the catcher is on 127.0.0.1): the host is wrong until edited.
    expect(await check()).toMatchObject({ ok: false, message: expect.stringContaining('Could not reach') });
    for (const pass of ['', undefined]) {
      const res = await api(`/api/v1/connections/${id}`, {
        key: a.apiKey,
        method: 'PATCH',
        body: { config: { host: '127.0.0.1', port: mail.port, user: 'mailer', from: 'Shop <shop@acme.test>', pass } },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.json.config).toMatchObject({ host: '127.0.0.1', pass: expect.stringMatching(/^•+$/) });
      expect(res.text).not.toContain(PASS);
      const loaded = await loadConnectionForStep(a.workspaceId, id, ['smtp']);
      expect(loaded.secret).toEqual({ pass: PASS });
      expect(await check()).toMatchObject({ ok: true });
    }
  });

  it('checks the sender as the server will: login, then MAIL FROM accepted', async () => {
    const res = await check();
    expect(res).toMatchObject({ ok: true });
    expect(res.message).toContain('accepts shop@acme.test as the sender');
    expect(mail.mailFroms).toContain('shop@acme.test');
    expect(mail.messages).toHaveLength(0);
  });

  it('a new password replaces the stored one (and the server then refuses the login)', async () => {
    const res = await api(`/api/v1/connections/${id}`, {
      key: a.apiKey,
      method: 'PATCH',
      body: { config: { host: '127.0.0.1', port: mail.port, user: 'mailer', pass: 'wrong', from: 'shop@acme.test' } },
    });
    expect(res.status).toBe(200);
    const refused = await check();
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/refused the (login|user name or password)/);
    // Put the right one back for the next tests.
    await api(`/api/v1/connections/${id}`, {
      key: a.apiKey,
      method: 'PATCH',
      body: { config: { host: '127.0.0.1', port: mail.port, user: 'mailer', pass: PASS, from: 'shop@acme.test' } },
    });
    expect(await check()).toMatchObject({ ok: true });
  });

  it('reports the server refusing the sender in MAIL FROM', async () => {
    await api(`/api/v1/connections/${id}`, {
      key: a.apiKey,
      method: 'PATCH',
      body: { config: { host: '127.0.0.1', port: mail.port, user: 'mailer', from: 'someone@elsewhere.example' } },
    });
    const res = await check();
    expect(res.ok).toBe(false);
    expect(res.message).toContain('The server refused the sender someone@elsewhere.example');
    expect(res.message).toContain('553');
    expect(mail.messages).toHaveLength(0);
  });

  it('refuses settings that cannot work: 400 with a message per field, nothing changed', async () => {
    const bad = { host: 'smtp://mail.example.com', port: 99999, user: 'mailer', from: 'not-an-email' };
    for (const [method, path, body] of [
      ['PATCH', `/api/v1/connections/${id}`, { config: bad }],
      ['POST', '/api/v1/connections', { type: 'smtp', name: 'Bad mail', config: bad }],
    ] as const) {
      const res = await api(path, { key: a.apiKey, method, body });
      expect(res.status, `${method} ${res.text}`).toBe(400);
      expect(res.json.error.code).toBe('invalid_input');
      const details = Object.fromEntries(
        (res.json.error.details as { path: string; message: string }[]).map((d) => [d.path, d.message]),
      );
      expect(details).toMatchObject({
        'config.host': 'Enter only the host name, e.g. mail.example.com',
        'config.port': 'A port is a number from 1 to 65535',
        'config.from': 'Enter an email address like ana@example.com',
      });
    }
    const stored = await api(`/api/v1/connections/${id}`, { key: a.apiKey });
    expect(stored.json.config.host).toBe('127.0.0.1');
    expect((await api('/api/v1/connections', { key: a.apiKey })).json.items).toHaveLength(1);
  });

  it('refuses a name another connection of the workspace has, ignoring case; other workspaces may use it', async () => {
    const dup = await api('/api/v1/connections', {
      key: a.apiKey,
      body: { type: 'http', name: ' office MAIL ', config: { auth: { type: 'bearer', token: 't' } } },
    });
    expect(dup.status).toBe(400);
    expect(dup.json.error.message).toContain('A connection named "office MAIL" already exists in this workspace');
    expect(dup.json.error.details).toEqual([{ path: 'name', message: 'Another connection already has this name' }]);

    const other = await api('/api/v1/connections', {
      key: a.apiKey,
      body: { type: 'http', name: 'Billing API', config: { auth: { type: 'bearer', token: 't' } } },
    });
    expect(other.status).toBe(201);
    const rename = await api(`/api/v1/connections/${other.json.id}`, {
      key: a.apiKey,
      method: 'PATCH',
      body: { name: 'Office Mail' },
    });
    expect(rename.status).toBe(400);
    expect(rename.json.error.details[0].path).toBe('name');
    // Saving a connection under its own name is not a duplicate.
    const same = await api(`/api/v1/connections/${id}`, {
      key: a.apiKey,
      method: 'PATCH',
      body: { name: 'Office mail' },
    });
    expect(same.status).toBe(200);

    const elsewhere = await api('/api/v1/connections', {
      key: b.apiKey,
      body: { type: 'http', name: 'Office mail', config: { auth: { type: 'bearer', token: 't' } } },
    });
    expect(elsewhere.status).toBe(201);
  });

  it('another workspace cannot edit, check or read it: 404, nothing changed', async () => {
    const patch = await api(`/api/v1/connections/${id}`, {
      key: b.apiKey,
      method: 'PATCH',
      body: { name: 'Taken over', config: { host: 'evil.example', port: 25, from: 'x@evil.example' } },
    });
    expect(patch.status).toBe(404);
    expect((await api(`/api/v1/connections/${id}/test`, { key: b.apiKey, method: 'POST', body: {} })).status).toBe(404);
    expect((await api(`/api/v1/connections/${id}`, { key: b.apiKey })).status).toBe(404);
    const mine = await api(`/api/v1/connections/${id}`, { key: a.apiKey });
    expect(mine.json).toMatchObject({ name: 'Office mail', config: { host: '127.0.0.1' } });
  });
});
