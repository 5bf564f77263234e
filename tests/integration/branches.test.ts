import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer } from '../helpers/recording-server';
import { finishedRun, publishedFlow, sendEvent, step } from '../helpers/run-flows';
import { createConnection } from '../helpers/step-context';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// A step that fails for good stops only what depends on it (DESIGN "Flow
// graph"): every step whose parents all succeeded still runs, whatever made
// the other branch fail (a config/template error before the call, a 4xx or
// an SMTP 550, retries used up), and the run is `failed` once nothing more
// can run. Driven end to end: webhook → suite worker → local HTTP and SMTP
// servers, every call counted.

let t: Tenant;
let target: Awaited<ReturnType<typeof startRecordingServer>>;
let smtp: SMTPServer;
let smtpConnection: string;
/** What the SMTP server answers to the message data; null: accept it. */
let smtpAnswer: { code: number; message: string } | null = null;
const delivered: string[][] = [];

beforeAll(async () => {
  t = await createTenant('branches');
  target = await startRecordingServer((req) => {
    if (req.path.startsWith('/bad')) return { status: 400, body: { error: 'no such list' } };
    if (req.path.startsWith('/flaky')) return { status: 503, body: 'busy' };
    return { status: 200, body: { ok: true, path: req.path } };
  });
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        if (smtpAnswer) return cb(Object.assign(new Error(smtpAnswer.message), { responseCode: smtpAnswer.code }));
        delivered.push(session.envelope.rcptTo.map((r) => r.address));
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpConnection = await createConnection(t, 'smtp', {
    host: '127.0.0.1',
    port: (smtp.server.address() as AddressInfo).port,
    secure: false,
    from: 'Shop <shop@shop.test>',
  });
});
afterAll(async () => {
  await target?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
});

const calls = (path: string) => target.requests.filter((r) => r.path === path).length;
const trigger = { id: 'trigger', type: 'trigger.webhook', config: {} };
const http = (id: string, path: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'http.request',
  config: { method: 'POST', url: `${target.url}${path}`, body: { step: id } },
  ...extra,
});
const edge = (source: string, to: string) => ({ source, target: to });

/**
 * webhook → (email, crm) side by side. The email edge comes first, so the
 * engine looks at the email step first: a failure there must not keep the CRM
 * step beside it from starting.
 */
const leadFlow = () => ({
  nodes: [
    trigger,
    {
      id: 'ack',
      type: 'email.send',
      config: {
        connection: smtpConnection,
        to: '{{ trigger.body.notify }}',
        subject: 'New lead {{ trigger.body.name }}',
        text: 'See the CRM.',
      },
    },
    {
      id: 'lead',
      type: 'crm.upsertContact',
      config: { email: '{{ trigger.body.email }}', name: '{{ trigger.body.name }}' },
    },
  ],
  edges: [edge('trigger', 'ack'), edge('trigger', 'lead')],
});

async function contactsMatching(email: string) {
  const res = await api(`/api/v1/contacts?search=${encodeURIComponent(email)}`, { key: t.apiKey });
  expect(res.status).toBe(200);
  return res.json.items as { id: string; email: string }[];
}

/** The shape both failures of the email step must leave: the lead kept, the run failed after it. */
async function expectLeadKept(run: any, email: string, error: RegExp) {
  expect(run.status).toBe('failed');
  expect(step(run, 'lead')).toMatchObject({ status: 'succeeded', attempts: 1 });
  expect(step(run, 'ack')).toMatchObject({ status: 'failed', attempts: 1 });
  expect(step(run, 'ack').error).toMatch(error);
  expect(run.error).toMatch(/^Step "ack" failed: /);
  // The run was finished only once the CRM step had finished.
  expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(step(run, 'lead').finishedAt));
  const contacts = await contactsMatching(email);
  expect(contacts.map((c) => [c.id, c.email])).toEqual([[step(run, 'lead').output.contactId, email]]);
}

describe('a failing branch does not stop the branch beside it', () => {
  it('webhook → (email whose `to` renders empty, CRM): the contact is saved, the email step fails with its reason, the run fails', async () => {
    const email = `lead-empty-${Date.now()}@example.test`;
    const flow = await publishedFlow(t, leadFlow());
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { email, name: 'Ada' }) });
    await expectLeadKept(run, email, /Step "ack", field "to".*empty after filling in the template/);
  });

  it('the same flow with the SMTP server answering 550: the same shape, and a replay from the failed step reuses the contact', async () => {
    const email = `lead-550-${Date.now()}@example.test`;
    const notify = `sales-${Date.now()}@shop.test`;
    const flow = await publishedFlow(t, leadFlow());
    smtpAnswer = { code: 550, message: 'Mailbox unavailable' };
    let run;
    try {
      run = await finishedRun(t, { eventId: await sendEvent(flow.url, { email, name: 'Ada', notify }) });
    } finally {
      smtpAnswer = null;
    }
    await expectLeadKept(run, email, /550/);

    const res = await api(`/api/v1/runs/${run.id}/replay`, { key: t.apiKey, body: { fromFailedStep: true } });
    expect(res.status).toBe(202);
    const replay = await finishedRun(t, { runId: res.json.runId });
    expect(replay.status).toBe('succeeded');
    expect(step(replay, 'lead')).toMatchObject({ status: 'succeeded', reused: true, output: step(run, 'lead').output });
    expect(step(replay, 'ack')).toMatchObject({ status: 'succeeded', reused: false });
    expect(delivered.filter((to) => to.includes(notify))).toHaveLength(1);
    expect(await contactsMatching(email)).toHaveLength(1);
  });

  it('a diamond A → (C, B) → D with C failing: B runs, D is skipped, the run fails', async () => {
    const flow = await publishedFlow(t, {
      nodes: [
        trigger,
        http('a', '/d1/a'),
        // A config error once filled in (the URL renders empty): fails before any call.
        http('c', '/d1/c', { config: { method: 'POST', url: '{{ trigger.body.nothing }}', body: {} } }),
        http('b', '/d1/b'),
        http('d', '/d1/d'),
      ],
      edges: [edge('trigger', 'a'), edge('a', 'c'), edge('a', 'b'), edge('c', 'd'), edge('b', 'd')],
    });
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { x: 'y' }) });
    expect(run.status).toBe('failed');
    expect(run.steps.map((s: any) => [s.nodeId, s.status])).toEqual([
      ['trigger', 'succeeded'],
      ['a', 'succeeded'],
      ['c', 'failed'],
      ['b', 'succeeded'],
      ['d', 'skipped'],
    ]);
    expect(step(run, 'c').error).toContain('field "url"');
    expect(step(run, 'd')).toMatchObject({ attempts: 0, error: null });
    expect([calls('/d1/a'), calls('/d1/b'), calls('/d1/c'), calls('/d1/d')]).toEqual([1, 1, 0, 0]);
  });

  it('a 4xx and used-up retries skip only their descendants; a branch waiting on a delay still runs; each target is called once per try', async () => {
    const flow = await publishedFlow(t, {
      nodes: [
        trigger,
        http('bad', '/bad/b2'),
        http('bad-child', '/b2/bad-child'),
        http('bad-grandchild', '/b2/bad-grandchild'),
        http('flaky', '/flaky/b2', { retry: { attempts: 2, backoffMs: 10 } }),
        http('flaky-child', '/b2/flaky-child'),
        { id: 'wait', type: 'delay', config: { seconds: 1 } },
        http('good', '/b2/good'),
        http('good-child', '/b2/good-child'),
      ],
      edges: [
        edge('trigger', 'bad'),
        edge('bad', 'bad-child'),
        edge('bad-child', 'bad-grandchild'),
        edge('trigger', 'flaky'),
        edge('flaky', 'flaky-child'),
        edge('trigger', 'wait'),
        edge('wait', 'good'),
        edge('good', 'good-child'),
      ],
    });
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, {}) });
    expect(run.status).toBe('failed');
    const status = Object.fromEntries(run.steps.map((s: any) => [s.nodeId, s.status]));
    expect(status).toEqual({
      trigger: 'succeeded',
      bad: 'failed',
      'bad-child': 'skipped',
      'bad-grandchild': 'skipped',
      flaky: 'failed',
      'flaky-child': 'skipped',
      wait: 'succeeded',
      good: 'succeeded',
      'good-child': 'succeeded',
    });
    expect(step(run, 'bad')).toMatchObject({ attempts: 1 });
    expect(step(run, 'bad').error).toMatch(/400/);
    expect(step(run, 'flaky')).toMatchObject({ attempts: 2 });
    expect(step(run, 'flaky').error).toMatch(/gave up after 2 tries/);
    expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(step(run, 'good-child').finishedAt));
    expect({
      bad: calls('/bad/b2'),
      badChild: calls('/b2/bad-child'),
      badGrandchild: calls('/b2/bad-grandchild'),
      flaky: calls('/flaky/b2'),
      flakyChild: calls('/b2/flaky-child'),
      good: calls('/b2/good'),
      goodChild: calls('/b2/good-child'),
    }).toEqual({ bad: 1, badChild: 0, badGrandchild: 0, flaky: 2, flakyChild: 0, good: 1, goodChild: 1 });
  });
});

describe('branches that stop without failing', () => {
  it('a filter that does not pass skips its descendants only, and the run succeeds', async () => {
    const flow = await publishedFlow(t, {
      nodes: [
        trigger,
        {
          id: 'vip',
          type: 'filter',
          config: { conditions: [{ left: '{{ trigger.body.tier }}', op: 'equals', right: 'vip' }], match: 'all' },
        },
        http('vip-call', '/f3/vip'),
        http('all-call', '/f3/all'),
      ],
      edges: [edge('trigger', 'vip'), edge('vip', 'vip-call'), edge('trigger', 'all-call')],
    });
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { tier: 'basic' }) });
    expect(run.status).toBe('succeeded');
    expect(run.error).toBeNull();
    expect(run.steps.map((s: any) => [s.nodeId, s.status])).toEqual([
      ['trigger', 'succeeded'],
      ['vip', 'succeeded'],
      ['all-call', 'succeeded'],
      ['vip-call', 'skipped'],
    ]);
    expect([calls('/f3/vip'), calls('/f3/all')]).toEqual([0, 1]);
  });

  it('a send over its cap is skipped with its descendants, the branch beside it runs, and the run succeeds', async () => {
    const to = `capped-${Date.now()}@example.test`;
    const flow = await publishedFlow(t, {
      nodes: [
        trigger,
        {
          id: 'ack',
          type: 'email.send',
          config: {
            connection: smtpConnection,
            to: '{{ trigger.body.email }}',
            subject: 'Thanks',
            text: 'Got it.',
            sendLimit: { perRecipientPerHour: 1 },
          },
        },
        http('after-ack', '/s4/after-ack'),
        http('beside', '/s4/beside'),
      ],
      edges: [edge('trigger', 'ack'), edge('ack', 'after-ack'), edge('trigger', 'beside')],
    });
    const first = await finishedRun(t, { eventId: await sendEvent(flow.url, { email: to }) });
    const second = await finishedRun(t, { eventId: await sendEvent(flow.url, { email: to }) });
    expect(first.status).toBe('succeeded');
    expect(second.status).toBe('succeeded');
    expect(step(second, 'ack')).toMatchObject({
      status: 'skipped',
      output: { skipped: true, reason: 'recipient_send_limit' },
    });
    expect(step(second, 'after-ack').status).toBe('skipped');
    expect(step(second, 'beside').status).toBe('succeeded');
    expect([calls('/s4/after-ack'), calls('/s4/beside')]).toEqual([1, 2]);
    expect(delivered.filter((rcpt) => rcpt.includes(to))).toHaveLength(1);
  });
});
