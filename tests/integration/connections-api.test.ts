import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConnectionForStep } from '@/lib/connections/load-connection-for-step';
import { db } from '@/lib/db';
import { startRecordingServer } from '../helpers/recording-server';
import { rejection } from '../helpers/step-context';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Connections over the REST API: the secret goes in once and never comes out
// (responses, database plaintext, logs, Redis); other workspaces see nothing.

const SECRETS = {
  smtp: 'smtp-pass-Zq81sec',
  slack: 'https://hooks.slack.com/services/T1/B2/slackSECRETxyz',
  twilio: 'twilio-token-Kk29sec',
  hubspot: 'pat-na1-hubspotSECRET77',
  http: 'bearer-token-Xy55sec',
};

let a: Tenant;
let b: Tenant;
let vendor: Awaited<ReturnType<typeof startRecordingServer>>;
const ids: Record<string, string> = {};
const bodies: string[] = [];

beforeAll(async () => {
  [a, b] = await Promise.all([createTenant('conn-a'), createTenant('conn-b')]);
  vendor = await startRecordingServer((r) =>
    r.path.startsWith('/2010-04-01/Accounts/')
      ? { status: 200, body: { sid: 'AC0123456789abcdef0123456789abcdef', friendly_name: 'Acme' } }
      : r.headers.authorization === `Bearer ${SECRETS.hubspot}`
        ? { status: 200, body: { results: [] } }
        : {
            status: 401,
            body: {
              status: 'error',
              message: 'Authentication credentials not found.',
              category: 'INVALID_AUTHENTICATION',
            },
          },
  );
  const configs: Record<string, Record<string, unknown>> = {
    smtp: { host: '127.0.0.1', port: 2525, secure: false, user: 'mailer', pass: SECRETS.smtp, from: 'a@acme.test' },
    slack: { webhookUrl: SECRETS.slack },
    twilio: {
      accountSid: 'AC0123456789abcdef0123456789abcdef',
      authToken: SECRETS.twilio,
      fromNumber: '+15005550006',
      baseUrl: vendor.url,
    },
    hubspot: { accessToken: SECRETS.hubspot, baseUrl: vendor.url },
    http: { auth: { type: 'bearer', token: SECRETS.http } },
  };
  for (const [type, config] of Object.entries(configs)) {
    const res = await api('/api/v1/connections', { key: a.apiKey, body: { type, name: `My ${type}`, config } });
    expect(res.status, res.text).toBe(201);
    bodies.push(res.text);
    ids[type] = res.json.id;
  }
});
afterAll(() => vendor.close());

const expectNoSecret = (text: string) => {
  for (const s of Object.values(SECRETS)) expect(text).not.toContain(s);
};

describe('connections API', () => {
  it('creates each type: 201 {id, type, name, config} with secrets masked', async () => {
    const created = JSON.parse(bodies[0]!);
    expect(created).toMatchObject({ id: ids.smtp, type: 'smtp', name: 'My smtp' });
    expect(created.config).toMatchObject({ host: '127.0.0.1', port: 2525, user: 'mailer', from: 'a@acme.test' });
    expect(created.config.pass).toMatch(/^•+$/);
    bodies.forEach(expectNoSecret);
  });

  it('never returns a secret: list, get, rename', async () => {
    const list = await api('/api/v1/connections', { key: a.apiKey });
    expect(list.status).toBe(200);
    expect(list.json.items.map((c: any) => c.id).sort()).toEqual(Object.values(ids).sort());
    expect(list.json.nextCursor).toBeNull();
    expectNoSecret(list.text);
    for (const id of Object.values(ids)) {
      const one = await api(`/api/v1/connections/${id}`, { key: a.apiKey });
      expect(one.status).toBe(200);
      expectNoSecret(one.text);
    }
    const renamed = await api(`/api/v1/connections/${ids.http}`, {
      key: a.apiKey,
      method: 'PATCH',
      body: { name: 'Billing API' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json.name).toBe('Billing API');
    expect(renamed.json.config.auth).toEqual({ type: 'bearer', token: expect.stringMatching(/^•+$/) });
    expectNoSecret(renamed.text);
  });

  it('stores secrets only as ciphertext, with a key id, and the step loader decrypts them', async () => {
    const rows = await db.connection.findMany({
      where: { workspaceId: a.workspaceId },
      select: { config: true, secret: true, keyId: true },
    });
    for (const row of rows) {
      expectNoSecret(JSON.stringify(row));
      expect(row.secret).toMatch(/^v1\./);
      expect(row.keyId).toMatch(/^[0-9a-f]{16}$/);
    }
    const loaded = await loadConnectionForStep(a.workspaceId, ids.http!, ['http']);
    expect(loaded.secret).toEqual({ auth: { token: SECRETS.http } });
  });

  it('refuses invalid settings with the field named', async () => {
    const res = await api('/api/v1/connections', {
      key: a.apiKey,
      body: { type: 'twilio', name: 'x', config: { accountSid: 'nope', authToken: 't', fromNumber: '+15005550006' } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(res.json.error.details[0].path).toBe('config.accountSid');
    const type = await api('/api/v1/connections', { key: a.apiKey, body: { type: 'fax', name: 'x', config: {} } });
    expect(type.status).toBe(400);
    expect(type.json.error.details[0].path).toBe('type');
  });

  it('another workspace’s connection: 404 over the API, "not found" to its steps', async () => {
    for (const [method, p] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/test'],
    ] as const) {
      const res = await api(`/api/v1/connections/${ids.hubspot}${p}`, {
        key: b.apiKey,
        method,
        body: method === 'PATCH' ? { name: 'x' } : method === 'POST' ? {} : undefined,
      });
      expect(res.status, `${method} ${p}`).toBe(404);
      expectNoSecret(res.text);
    }
    const err = await rejection(loadConnectionForStep(b.workspaceId, ids.hubspot!, ['hubspot']));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^Connection not found/);
    const wrongType = await rejection(loadConnectionForStep(a.workspaceId, ids.hubspot!, ['slack']));
    expect(wrongType.message).toContain('needs Slack');
  });

  it('"Check connection" makes a harmless call with the stored credentials', async () => {
    const twilio = await api(`/api/v1/connections/${ids.twilio}/test`, { key: a.apiKey, method: 'POST', body: {} });
    expect(twilio.json).toEqual({ ok: true, message: expect.stringContaining('Acme') });
    const req = vendor.requests.find((r) => r.path === '/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef.json')!;
    expect(req.method).toBe('GET');
    expect(req.headers.authorization).toBe(
      `Basic ${Buffer.from(`AC0123456789abcdef0123456789abcdef:${SECRETS.twilio}`).toString('base64')}`,
    );

    const hubspot = await api(`/api/v1/connections/${ids.hubspot}/test`, { key: a.apiKey, method: 'POST', body: {} });
    expect(hubspot.json.ok).toBe(true);
    expect(vendor.requests.some((r) => r.method === 'GET' && r.path === '/crm/v3/objects/contacts?limit=1')).toBe(true);

    const smtp = await api(`/api/v1/connections/${ids.smtp}/test`, { key: a.apiKey, method: 'POST', body: {} });
    expect(smtp.status).toBe(200);
    expect(smtp.json.ok).toBe(false);
    expect(smtp.json.message).toContain('Could not reach the SMTP server');
    expectNoSecret(smtp.text + twilio.text + hubspot.text);
  });

  it('replacing the settings re-encrypts; a wrong token then fails the check', async () => {
    const res = await api(`/api/v1/connections/${ids.hubspot}`, {
      key: a.apiKey,
      method: 'PATCH',
      body: { config: { accessToken: 'wrong-token', baseUrl: vendor.url } },
    });
    expect(res.status).toBe(200);
    const check = await api(`/api/v1/connections/${ids.hubspot}/test`, { key: a.apiKey, method: 'POST', body: {} });
    expect(check.json).toEqual({ ok: false, message: expect.stringContaining('401') });
  });

  it('deletes: 204, then 404', async () => {
    const del = await api(`/api/v1/connections/${ids.slack}`, { key: a.apiKey, method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await api(`/api/v1/connections/${ids.slack}`, { key: a.apiKey })).status).toBe(404);
  });

  it('no secret in the server logs or in Redis', async () => {
    // Every log this suite's processes wrote (web, worker, helpers' processes).
    const logs = path.resolve(import.meta.dirname, '../../test-results');
    const files = (readdirSync(logs, { recursive: true }) as string[]).filter((f) => f.endsWith('.log'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expectNoSecret(readFileSync(path.join(logs, f), 'utf8'));
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      const keys = await redis.keys(`${process.env.QUEUE_PREFIX}*`);
      expectNoSecret(keys.join('\n'));
      for (const k of keys) {
        const type = await redis.type(k);
        const dump =
          type === 'string'
            ? await redis.get(k)
            : type === 'hash'
              ? JSON.stringify(await redis.hgetall(k))
              : type === 'list'
                ? JSON.stringify(await redis.lrange(k, 0, -1))
                : '';
        expectNoSecret(dump ?? '');
      }
    } finally {
      redis.disconnect();
    }
  });
});
