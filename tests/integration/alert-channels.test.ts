import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAlertSettings, sealAlertUrls } from '@/lib/alerts/alert-settings';
import { publicOnlyPolicy, withOutboundPolicy } from '@/lib/net/address-policy';
import { acceptEvents, queueOn, sandboxDatabase, seedFlow, type Sandbox } from '../helpers/engine-sandbox';
import { startMailCatcher } from '../helpers/mail-catcher';
import { waitFor } from '../helpers/ports';
import { startRecordingServer } from '../helpers/recording-server';
import { startRedis, startWorker, type Proc } from '../helpers/processes';
import { createTenant } from '../helpers/tenant';
import { createFlowFor } from '../helpers/tenant-probes';

// Issue 17 item 6: a flow's failure alert and its "no events for N hours"
// alert reach Slack (an incoming webhook's {"text"}) and any webhook (a JSON
// POST) as well as the owners' email, at most once per hour per kind, each
// with a link to the runs page filtered to the flow. The quiet check runs in
// the worker (every ALERT_CHECK_MS), not on a page load. A worker of our own
// on a database and Redis of its own, with local servers standing in for
// Slack and the webhook receiver.

const APP_URL = 'https://switchboard.example.test';

let sandbox: Sandbox;
let redis: Awaited<ReturnType<typeof startRedis>>;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let queue: ReturnType<typeof queueOn>;
let worker: Proc;
let slack: Awaited<ReturnType<typeof startRecordingServer>>;
let hook: Awaited<ReturnType<typeof startRecordingServer>>;
let target: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  sandbox = await sandboxDatabase('alertch');
  redis = await startRedis();
  mail = await startMailCatcher();
  queue = queueOn(redis.url);
  slack = await startRecordingServer(() => ({ status: 200, body: 'ok' }));
  hook = await startRecordingServer(() => ({ status: 204 }));
  target = await startRecordingServer(() => ({ status: 500, body: { error: 'down' } }));
  worker = startWorker(
    { DATABASE_URL: sandbox.url, REDIS_URL: redis.url, SMTP_URL: mail.url, APP_URL, ALERT_CHECK_MS: '500' },
    'alert-channels-worker',
  );
});

afterAll(async () => {
  await worker?.kill('SIGKILL');
  await queue?.close();
  await redis?.kill('SIGKILL');
  await mail?.close();
  await Promise.all([slack?.close(), hook?.close(), target?.close()]);
  await sandbox?.drop();
});

/** A live flow named `name` with a verified owner, alerting to the local Slack and webhook servers. */
async function alertingFlow(name: string, settings: { onFailure: boolean; onQuiet: boolean }, trigger = {}) {
  const graph = {
    nodes: [
      { id: 'trigger', type: 'trigger.webhook', config: trigger },
      {
        id: 'notify',
        type: 'http.request',
        config: { url: `${target.url}/orders`, method: 'POST', body: {} },
        retry: { attempts: 1 },
      },
    ],
    edges: [{ source: 'trigger', target: 'notify' }],
  };
  const flow = await seedFlow(sandbox.db, graph);
  await sandbox.db.flow.update({ where: { id: flow.flowId }, data: { name }, select: { id: true } });
  const owner = {
    id: `owner-${randomBytes(4).toString('hex')}`,
    email: `owner-${randomBytes(4).toString('hex')}@example.test`,
  };
  await sandbox.db.user.create({ data: { ...owner, name: 'Owner', emailVerified: true }, select: { id: true } });
  await sandbox.db.membership.create({
    data: { userId: owner.id, workspaceId: flow.workspaceId, role: 'owner' },
    select: { id: true },
  });
  const slackUrl = `${slack.url}/services/T000/B000/${randomBytes(6).toString('hex')}`;
  const webhookUrl = `${hook.url}/alerts/${randomBytes(6).toString('hex')}`;
  const sealed = sealAlertUrls(flow.workspaceId, { slackUrl, webhookUrl });
  await sandbox.db.flowAlertSettings.create({
    data: {
      flowId: flow.flowId,
      workspaceId: flow.workspaceId,
      ...settings,
      email: true,
      sealedUrls: sealed.ciphertext,
      keyId: sealed.keyId,
    },
    select: { flowId: true },
  });
  return { ...flow, owner: owner.email, slackPath: new URL(slackUrl).pathname, hookPath: new URL(webhookUrl).pathname };
}

const to = (server: { requests: { path: string; body: string; headers: Record<string, unknown> }[] }, path: string) =>
  server.requests.filter((r) => r.path === path);

async function failedRun(eventId: string) {
  return waitFor(
    async () => {
      const run = await sandbox.db.run.findUnique({
        where: { originKey: eventId },
        select: { id: true, status: true, error: true },
      });
      return run?.status === 'failed' ? run : null;
    },
    { what: `the run of event ${eventId} to fail` },
  );
}

describe('failure alerts to Slack and a webhook', () => {
  it('send each channel one alert with a link to the failed runs, and nothing for a second failure within the hour', async () => {
    const flow = await alertingFlow('Shop orders', { onFailure: true, onQuiet: false });
    const [first] = await acceptEvents(sandbox.db, queue.queue, flow, [{ order: 1 }]);
    const run = await failedRun(first!);
    await waitFor(async () => to(slack, flow.slackPath).length === 1 && to(hook, flow.hookPath).length === 1, {
      what: 'the Slack and webhook alerts',
    });
    const runsUrl = `${APP_URL}/runs?flowId=${flow.flowId}&status=failed`;
    const slackReq = to(slack, flow.slackPath)[0]!;
    expect(slackReq.headers['content-type']).toBe('application/json');
    expect(JSON.parse(slackReq.body)).toEqual({
      text: `Flow "Shop orders" failed: ${run.error}\nFailed runs: ${runsUrl}`,
    });
    const hookReq = to(hook, flow.hookPath)[0]!;
    expect(hookReq.headers['content-type']).toBe('application/json');
    expect(JSON.parse(hookReq.body)).toEqual({
      type: 'run.failed',
      flow: { id: flow.flowId, name: 'Shop orders' },
      run: { id: run.id, error: run.error, url: `${APP_URL}/runs/${run.id}` },
      runsUrl,
    });
    const email = await mail.waitForMail(flow.owner);
    expect(email.text).toContain(runsUrl);

    // A second failure within the hour: no second alert anywhere.
    const [second] = await acceptEvents(sandbox.db, queue.queue, flow, [{ order: 2 }]);
    await failedRun(second!);
    const [third] = await acceptEvents(sandbox.db, queue.queue, flow, [{ order: 3 }]);
    await failedRun(third!);
    // The alert jobs of those runs have been handled once the hour's claim is untouched and a later flow's alert arrives.
    const later = await alertingFlow('Later flow', { onFailure: true, onQuiet: false });
    const [laterEvent] = await acceptEvents(sandbox.db, queue.queue, later, [{ order: 4 }]);
    await failedRun(laterEvent!);
    await waitFor(async () => to(slack, later.slackPath).length === 1, { what: 'the later flow’s alert' });
    expect(to(slack, flow.slackPath)).toHaveLength(1);
    expect(to(hook, flow.hookPath)).toHaveLength(1);
    expect(mail.messages.filter((m) => m.to.includes(flow.owner))).toHaveLength(1);
  });

  it('a flow with failure alerts switched off sends none', async () => {
    const flow = await alertingFlow('Quiet please', { onFailure: false, onQuiet: false });
    const [eventId] = await acceptEvents(sandbox.db, queue.queue, flow, [{ order: 1 }]);
    await failedRun(eventId!);
    const marker = await alertingFlow('Marker', { onFailure: true, onQuiet: false });
    const [markerEvent] = await acceptEvents(sandbox.db, queue.queue, marker, [{ order: 1 }]);
    await failedRun(markerEvent!);
    await waitFor(async () => to(hook, marker.hookPath).length === 1, { what: 'the marker flow’s alert' });
    expect(to(slack, flow.slackPath)).toHaveLength(0);
    expect(to(hook, flow.hookPath)).toHaveLength(0);
  });
});

describe('quiet-source alerts', () => {
  it('a live flow silent past its threshold alerts once, from the worker, until an event arrives', async () => {
    const flow = await alertingFlow('Contact form', { onFailure: false, onQuiet: true }, { quietAlertHours: 2 });
    // Created three hours ago, nothing since.
    await sandbox.db
      .$executeRaw`UPDATE flow SET "createdAt" = "createdAt" - interval '3 hours' WHERE id = ${flow.flowId}::uuid`;
    const created = await sandbox.db.flow.findUniqueOrThrow({
      where: { id: flow.flowId },
      select: { createdAt: true },
    });
    await waitFor(async () => to(slack, flow.slackPath).length === 1 && to(hook, flow.hookPath).length === 1, {
      what: 'the quiet-source alerts',
    });
    const runsUrl = `${APP_URL}/runs?flowId=${flow.flowId}`;
    expect(JSON.parse(to(slack, flow.slackPath)[0]!.body)).toEqual({
      text: `Flow "Contact form" has had no events for 3 hours (threshold 2). Runs: ${runsUrl}`,
    });
    expect(JSON.parse(to(hook, flow.hookPath)[0]!.body)).toEqual({
      type: 'flow.quiet',
      flow: { id: flow.flowId, name: 'Contact form' },
      quietHours: 2,
      quietSince: created.createdAt.toISOString(),
      runsUrl,
    });
    const email = await mail.waitForMail(flow.owner);
    expect(email.subject).toBe('Flow "Contact form" has had no events for 3 hours');
    expect(email.text).toContain(runsUrl);

    // Several more checks (every 500 ms) pass: still one alert.
    const row = () =>
      sandbox.db.flow.findUniqueOrThrow({ where: { id: flow.flowId }, select: { quietAlertedAt: true } });
    const alertedAt = (await row()).quietAlertedAt;
    expect(alertedAt).not.toBeNull();
    const marker = await alertingFlow('Marker 2', { onFailure: false, onQuiet: true }, { quietAlertHours: 1 });
    await sandbox.db
      .$executeRaw`UPDATE flow SET "createdAt" = "createdAt" - interval '2 hours' WHERE id = ${marker.flowId}::uuid`;
    await waitFor(async () => to(hook, marker.hookPath).length === 1, { what: 'a later check’s alert' });
    expect(to(slack, flow.slackPath)).toHaveLength(1);
    expect(to(hook, flow.hookPath)).toHaveLength(1);
  });
});

describe('alert settings', () => {
  it('refuse a webhook URL the SSRF guard would refuse, naming the field', async () => {
    const t = await createTenant('alert-ssrf');
    const flow = await createFlowFor(t);
    const err = await withOutboundPolicy(publicOnlyPolicy, () =>
      saveAlertSettings(t.workspaceId, flow, {
        onFailure: true,
        onQuiet: false,
        email: true,
        webhookUrl: 'http://169.254.169.254/latest/meta-data',
      }),
    ).catch((e: Error & { details?: { path: string }[] }) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { details: { path: string }[] }).details[0]!.path).toBe('webhookUrl');
    expect((err as Error).message).toContain('metadata');
  });
});
