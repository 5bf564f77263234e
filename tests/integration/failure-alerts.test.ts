import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptEvents, queueOn, sandboxDatabase, seedFlow, type Sandbox } from '../helpers/engine-sandbox';
import { startMailCatcher } from '../helpers/mail-catcher';
import { freePort, waitFor } from '../helpers/ports';
import { startRedis, startWorker, type Proc } from '../helpers/processes';

// A run that fails after its last retry mails the workspace owners, at most
// once per flow per hour, with a link to the run. A worker of our own with
// SMTP_URL pointing at a real local SMTP server, on a database and Redis of
// its own (the suite's worker has no SMTP_URL and must not take these jobs).

const APP_URL = 'https://switchboard.example.test';

let sandbox: Sandbox;
let redis: Awaited<ReturnType<typeof startRedis>>;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let queue: ReturnType<typeof queueOn>;
let worker: Proc;
let target: http.Server;
let targetUrl: string;
const logLines: { msg?: string; runId?: string }[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  sandbox = await sandboxDatabase('alerts');
  redis = await startRedis();
  mail = await startMailCatcher();
  queue = queueOn(redis.url);
  // Always down: every call answers 503 (retried, then given up).
  target = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"down"}'));
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  worker = alertWorker(mail.url, 'alerts-worker');
});

/** A worker of our own whose JSON log lines land in logLines. */
function alertWorker(smtpUrl: string | undefined, name: string): Proc {
  // An undefined value leaves the variable out of the child's environment.
  const proc = startWorker(
    { DATABASE_URL: sandbox.url, REDIS_URL: redis.url, SMTP_URL: smtpUrl as string, APP_URL, LOG_LEVEL: 'info' },
    name,
  );
  let buffered = '';
  proc.child.stdout!.on('data', (chunk: Buffer) => {
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
  return proc;
}

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await worker?.kill('SIGKILL');
  await queue?.close();
  await redis?.kill('SIGKILL');
  await mail?.close();
  await new Promise((r) => target?.close(r));
  await sandbox?.drop();
});

async function ownedFlow() {
  const graph = {
    nodes: [
      { id: 'trigger', type: 'trigger.webhook', config: {} },
      {
        id: 'notify',
        label: 'Notify the shop',
        type: 'http.request',
        config: { url: `${targetUrl}/orders`, method: 'POST', body: {} },
        retry: { attempts: 2, backoffMs: 50 },
      },
    ],
    edges: [{ source: 'trigger', target: 'notify' }],
  };
  const flow = await seedFlow(sandbox.db, graph);
  await sandbox.db.flow.update({ where: { id: flow.flowId }, data: { name: 'Shop orders' }, select: { id: true } });
  const people = ['owner-a', 'owner-b', 'member'].map((who) => ({
    id: `${who}-${randomBytes(4).toString('hex')}`,
    email: `${who}-${randomBytes(4).toString('hex')}@example.test`,
    role: who === 'member' ? ('editor' as const) : ('owner' as const),
  }));
  for (const p of people) {
    await sandbox.db.user.create({
      data: { id: p.id, name: p.id, email: p.email, emailVerified: true },
      select: { id: true },
    });
    await sandbox.db.membership.create({
      data: { userId: p.id, workspaceId: flow.workspaceId, role: p.role },
      select: { id: true },
    });
  }
  return { ...flow, owners: people.filter((p) => p.role === 'owner').map((p) => p.email), member: people[2]!.email };
}

async function failedRun(eventId: string) {
  return waitFor(
    async () => {
      const run = await sandbox.db.run.findUnique({
        where: { originKey: eventId },
        select: { id: true, status: true },
      });
      return run?.status === 'failed' ? run : null;
    },
    { what: `the run of event ${eventId} to fail` },
  );
}

const skippedFor = (runId: string) =>
  waitFor(async () => logLines.find((l) => l.runId === runId && l.msg?.startsWith('failure alert skipped')), {
    what: `the alert of run ${runId} to be skipped`,
  });
const sentFor = (runId: string) =>
  waitFor(async () => logLines.find((l) => l.runId === runId && l.msg === 'failure alert sent'), {
    what: `the alert of run ${runId} to be sent`,
  });
const mailsTo = (email: string) => mail.messages.filter((m) => m.to.includes(email));

describe('failure alerts', () => {
  it('two runs of a flow failing within the hour send the owners one email with a link to the run; after the hour, another', async () => {
    const flow = await ownedFlow();

    const [firstEvent] = await acceptEvents(sandbox.db, queue.queue, flow, [{ order: 1 }]);
    const first = await failedRun(firstEvent!);
    await sentFor(first.id);
    const alert = await mail.waitForMail(flow.owners[0]!);
    expect(alert.to.sort()).toEqual([...flow.owners].sort());
    expect(alert.to).not.toContain(flow.member);
    expect(alert.subject).toBe('Flow "Shop orders" failed');
    expect(alert.text).toContain(`${APP_URL}/runs/${first.id}`);
    expect(alert.text).toContain('Step "Notify the shop" failed');
    expect(alert.text).toContain('gave up after 2 tries');

    // A second failure in the same hour: handled, and no second email.
    const [secondEvent] = await acceptEvents(sandbox.db, queue.queue, flow, [{ order: 2 }]);
    const second = await failedRun(secondEvent!);
    await skippedFor(second.id);
    expect(mailsTo(flow.owners[0]!)).toHaveLength(1);

    // An hour later the next failure alerts again.
    await sandbox.db
      .$executeRaw`UPDATE flow SET "failureAlertedAt" = "failureAlertedAt" - interval '61 minutes' WHERE id = ${flow.flowId}::uuid`;
    const [thirdEvent] = await acceptEvents(sandbox.db, queue.queue, flow, [{ order: 3 }]);
    const third = await failedRun(thirdEvent!);
    await sentFor(third.id);
    await waitFor(async () => mailsTo(flow.owners[1]!).length === 2, { what: 'the second alert' });
    expect(mailsTo(flow.owners[1]!)[1]!.text).toContain(`${APP_URL}/runs/${third.id}`);
  });

  it('eight runs of one flow failing together send one email', async () => {
    const flow = await ownedFlow();
    const events = await acceptEvents(
      sandbox.db,
      queue.queue,
      flow,
      Array.from({ length: 8 }, (_, n) => ({ n })),
    );
    const runs = await Promise.all(events.map(failedRun));
    // Every run's alert job was handled: one sent, the rest skipped.
    const outcomes = await Promise.all(
      runs.map((r) =>
        waitFor(async () => logLines.find((l) => l.runId === r.id && l.msg?.startsWith('failure alert')), {
          what: `the alert of run ${r.id}`,
        }),
      ),
    );
    expect(outcomes.filter((l) => l.msg === 'failure alert sent')).toHaveLength(1);
    expect(mailsTo(flow.owners[0]!)).toHaveLength(1);
  });

  it('without SMTP_URL the alert goes to the log, which never says "alert sent"', async () => {
    await worker.kill('SIGKILL');
    const noSmtp = alertWorker(undefined, 'alerts-worker-no-smtp');
    try {
      const flow = await ownedFlow();
      const [eventId] = await acceptEvents(sandbox.db, queue.queue, flow, [{ order: 'no mail' }]);
      const run = await failedRun(eventId!);
      const line = await waitFor(
        async () => logLines.find((l) => l.runId === run.id && l.msg?.startsWith('failure alert')),
        { what: `the alert of run ${run.id}` },
      );
      expect(line.msg).toContain('failure alert not sent: SMTP_URL is unset; it would have gone to');
      for (const owner of flow.owners) expect(line.msg).toContain(owner);
      // The mail itself is in the log too, so its link is not lost.
      expect(logLines.some((l) => l.msg?.includes(`${APP_URL}/runs/${run.id}`))).toBe(true);
      expect(logLines.filter((l) => l.runId === run.id && l.msg === 'failure alert sent')).toHaveLength(0);
      expect(mailsTo(flow.owners[0]!)).toHaveLength(0);
    } finally {
      await noSmtp.kill('SIGKILL');
      worker = alertWorker(mail.url, 'alerts-worker');
    }
  });

  it('SMTP down when the run fails: the hour is given back and the alert arrives once SMTP is up again', async () => {
    // Only a worker whose SMTP is not listening yet takes jobs now.
    await worker.kill('SIGKILL');
    const smtpPort = await freePort();
    const downWorker = alertWorker(`smtp://127.0.0.1:${smtpPort}`, 'alerts-worker-smtp-down');
    cleanups.push(() => downWorker.kill('SIGKILL'));
    const flow = await ownedFlow();

    const [eventId] = await acceptEvents(sandbox.db, queue.queue, flow, [{ order: 'late mail' }]);
    const run = await failedRun(eventId!);
    await waitFor(
      async () => logLines.find((l) => l.runId === run.id && l.msg === 'failure alert not sent (SMTP); retrying'),
      {
        what: 'the alert job to fail on the closed SMTP port',
      },
    );
    // The failed send did not use up the hour.
    const flowRow = await sandbox.db.flow.findUniqueOrThrow({
      where: { id: flow.flowId },
      select: { failureAlertedAt: true },
    });
    expect(flowRow.failureAlertedAt).toBeNull();

    const lateMail = await startMailCatcher(smtpPort);
    cleanups.push(() => lateMail.close());
    const alert = await lateMail.waitForMail(flow.owners[0]!);
    expect(alert.text).toContain(`${APP_URL}/runs/${run.id}`);
    await sentFor(run.id);
    expect(lateMail.messages).toHaveLength(1);
  });
});
