import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { acceptEvents, queueOn, sandboxDatabase, seedFlow, type Sandbox } from '../helpers/engine-sandbox';
import { startMailCatcher } from '../helpers/mail-catcher';
import { waitFor } from '../helpers/ports';
import { startRedis, startWeb, startWorker, type Proc } from '../helpers/processes';
import { runCli } from '../helpers/run-cli';
import { randomIp } from '../helpers/tenant';

// An address typed at sign-up belongs to whoever typed it until its owner
// confirms it: the instance mails it the verification link and nothing else.
// A failure alert goes to the workspace's verified owners only. Users the
// operator makes with the CLI count as verified.

let mail: Awaited<ReturnType<typeof startMailCatcher>>;

beforeAll(async () => {
  mail = await startMailCatcher();
});
afterAll(() => mail?.close());

const mailsTo = (email: string) => mail.messages.filter((m) => m.to.includes(email));

describe('sign-up', () => {
  let web: Awaited<ReturnType<typeof startWeb>>;
  beforeAll(async () => {
    web = await startWeb({ SMTP_URL: mail.url });
  });
  afterAll(() => web?.kill('SIGTERM'));

  it('mails a verification link; following it verifies the address', async () => {
    const email = `signup-${randomBytes(4).toString('hex')}@example.test`;
    const res = await fetch(`${web.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: web.url, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email, password: 'a long password', name: 'New' }),
    });
    expect(res.status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { email }, select: { emailVerified: true } })).emailVerified).toBe(
      false,
    );

    const message = await mail.waitForMail(email);
    expect(message.subject).toMatch(/confirm your email/i);
    const link = /https?:\/\/\S+\/api\/auth\/verify-email\?\S+/.exec(message.text)?.[0];
    expect(link, message.text).toBeTruthy();
    const follow = await fetch(link!, { redirect: 'manual' });
    expect(follow.status).toBeLessThan(400);
    expect((await db.user.findUniqueOrThrow({ where: { email }, select: { emailVerified: true } })).emailVerified).toBe(
      true,
    );
  });

  it('a user made with the CLI is verified and gets no verification mail', async () => {
    const email = `cli-${randomBytes(4).toString('hex')}@example.test`;
    const created = await runCli(['user:create', '--email', email, '--password', 'cli password 1'], {
      SMTP_URL: mail.url,
    });
    expect(created.code, created.stderr).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { email }, select: { emailVerified: true } })).emailVerified).toBe(
      true,
    );
    expect(mailsTo(email)).toEqual([]);
  });
});

describe('failure alerts', () => {
  let sandbox: Sandbox;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let queue: ReturnType<typeof queueOn>;
  let worker: Proc;
  let target: http.Server;
  let targetUrl: string;
  const logLines: { msg?: string; runId?: string }[] = [];

  beforeAll(async () => {
    sandbox = await sandboxDatabase('verified');
    redis = await startRedis();
    queue = queueOn(redis.url);
    target = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"no"}'));
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    worker = startWorker(
      { DATABASE_URL: sandbox.url, REDIS_URL: redis.url, SMTP_URL: mail.url, LOG_LEVEL: 'info' },
      'verified-mail-worker',
    );
    let buffered = '';
    worker.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        try {
          logLines.push(JSON.parse(line));
        } catch {
          // not a log line
        }
      }
    });
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await queue?.close();
    await redis?.kill('SIGKILL');
    await new Promise((r) => target?.close(r));
    await sandbox?.drop();
  });

  async function failingFlow(owners: { verified: boolean }[]) {
    const flow = await seedFlow(sandbox.db, {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {} },
        { id: 'call', type: 'http.request', config: { url: `${targetUrl}/x`, method: 'POST', body: {} } },
      ],
      edges: [{ source: 'trigger', target: 'call' }],
    });
    const emails: string[] = [];
    for (const o of owners) {
      const id = `owner-${randomBytes(4).toString('hex')}`;
      const email = `${id}@example.test`;
      await sandbox.db.user.create({ data: { id, name: id, email, emailVerified: o.verified }, select: { id: true } });
      await sandbox.db.membership.create({
        data: { userId: id, workspaceId: flow.workspaceId, role: 'owner' },
        select: { id: true },
      });
      emails.push(email);
    }
    return { ...flow, emails };
  }

  const failedRun = (eventId: string) =>
    waitFor(
      async () => {
        const run = await sandbox.db.run.findUnique({
          where: { originKey: eventId },
          select: { id: true, status: true },
        });
        return run?.status === 'failed' ? run : null;
      },
      { what: `the run of event ${eventId} to fail` },
    );

  it('mails the verified owner, never the unverified one', async () => {
    const flow = await failingFlow([{ verified: true }, { verified: false }]);
    const [verified, unverified] = flow.emails as [string, string];
    const [eventId] = await acceptEvents(sandbox.db, queue.queue, flow, [{ n: 1 }]);
    await failedRun(eventId!);
    const alert = await mail.waitForMail(verified);
    expect(alert.subject).toMatch(/failed/);
    expect(alert.to).toEqual([verified]);
    expect(mailsTo(unverified)).toEqual([]);
  });

  it('mails nobody when no owner is verified (and the hour is not used up)', async () => {
    const flow = await failingFlow([{ verified: false }]);
    const [eventId] = await acceptEvents(sandbox.db, queue.queue, flow, [{ n: 1 }]);
    const run = await failedRun(eventId!);
    await waitFor(async () => logLines.find((l) => l.runId === run.id && l.msg?.startsWith('failure alert skipped')), {
      what: 'the alert job to be skipped',
    });
    expect(mailsTo(flow.emails[0]!)).toEqual([]);
    const row = await sandbox.db.flow.findUniqueOrThrow({
      where: { id: flow.flowId },
      select: { failureAlertedAt: true },
    });
    expect(row.failureAlertedAt).toBeNull();
  });
});
