import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConnectionConfig } from '@/lib/connections/connection-input';
import { seal } from '@/lib/crypto/secret-box';
import { uuid7 } from '@/lib/db/uuid7';
import { acceptEvents, queueOn, sandboxDatabase, seedFlow, type Sandbox } from '../helpers/engine-sandbox';
import { waitFor } from '../helpers/ports';
import { startRedis, startWorker, type Proc } from '../helpers/processes';

// A worker process logs JSON lines with the run's ids, and never a secret or a
// payload: a run whose step uses a connection with a secret token, on an event
// whose body carries a marker, against a target that fails and echoes what it
// got, leaves neither the token nor the marker in the worker's output — at
// debug level, failures and retries included.

let sandbox: Sandbox;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  sandbox = await sandboxDatabase('logs');
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await sandbox?.drop();
});

describe('worker logs', () => {
  it('carry runId, flowId and eventId, and neither connection secrets nor payload bodies', async () => {
    const SECRET = `sk_live_${randomBytes(12).toString('hex')}`;
    const MARKER = `marker-${randomBytes(8).toString('hex')}`;

    // The target fails every call and quotes the request back, body and auth.
    const seen: { auth?: string; body: string }[] = [];
    const target = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body });
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'boom', got: body, auth: req.headers.authorization }));
      });
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => target.close(r)));
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;

    const redis = await startRedis();
    cleanups.push(() => redis.kill('SIGKILL'));
    const q = queueOn(redis.url);
    cleanups.push(q.close);

    const connectionId = uuid7();
    const flow = await seedFlow(sandbox.db, {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {} },
        {
          id: 'call',
          type: 'http.request',
          config: {
            method: 'POST',
            url: `${url}/x`,
            connection: connectionId,
            body: { note: '{{ trigger.body.note }}' },
          },
          retry: { attempts: 2, backoffMs: 50 },
        },
      ],
      edges: [{ source: 'trigger', target: 'call' }],
    });
    const { config, secret } = parseConnectionConfig('http', { auth: { type: 'bearer', token: SECRET } });
    const sealed = seal(secret, flow.workspaceId);
    await sandbox.db.connection.create({
      data: {
        id: connectionId,
        workspaceId: flow.workspaceId,
        type: 'http',
        name: 'api',
        config: config as object,
        secret: sealed.ciphertext,
        keyId: sealed.keyId,
      },
    });

    const worker: Proc = startWorker(
      { DATABASE_URL: sandbox.url, REDIS_URL: redis.url, LOG_LEVEL: 'debug' },
      'log-secrecy',
    );
    cleanups.push(() => worker.kill('SIGKILL'));
    let output = '';
    worker.child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    worker.child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));

    const [eventId] = await acceptEvents(sandbox.db, q.queue, flow, [{ note: MARKER, email: 'ada@example.com' }]);
    const run = await waitFor(
      async () =>
        sandbox.db.run.findFirst({
          where: { eventId, status: { in: ['succeeded', 'failed'] } },
          select: { id: true, status: true },
        }),
      { timeoutMs: 30_000, what: 'the run to finish' },
    );
    // SIGTERM: the worker drains and exits, so everything it logged is out.
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);

    // The secret and the marker really went out (so the test could catch a leak).
    expect(run.status).toBe('failed');
    expect(seen).toHaveLength(2);
    expect(seen[0]!.auth).toBe(`Bearer ${SECRET}`);
    expect(seen[0]!.body).toContain(MARKER);

    const lines = output.split('\n').filter(Boolean);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const about = records.filter((r) => r.runId === run.id);
    expect(about.some((r) => r.msg === 'step failed' && r.flowId === flow.flowId && r.eventId === eventId)).toBe(true);
    expect(about.some((r) => r.msg === 'run finished' && r.status === 'failed')).toBe(true);
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(MARKER);
  }, 60_000);
});
