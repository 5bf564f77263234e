import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent, step } from '../helpers/run-flows';
import { createConnection } from '../helpers/step-context';
import { api, createTenant, type Tenant } from '../helpers/tenant';

// Every step type in a published flow, end to end: webhook → worker → the
// observable effect on a local SMTP server and local vendor servers.

const SECRETS = [
  'smtp-flow-pass-77',
  'twilio-flow-token-77',
  'pat-flow-hubspot-77',
  'bearer-flow-77',
  'slackFLOWsecret77',
];

type Mail = { from: string; to: string[]; raw: string };
let mails: Mail[] = [];
let smtpAnswers: number[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let vendor: Awaited<ReturnType<typeof startRecordingServer>>;
let t: Tenant;
const conn: Record<string, string> = {};

beforeAll(async () => {
  smtp = new SMTPServer({
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _s, cb) =>
      auth.password === SECRETS[0]
        ? cb(null, { user: auth.username })
        : cb(Object.assign(new Error('Bad login'), { responseCode: 535 })),
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = smtpAnswers.shift();
        if (code) return cb(Object.assign(new Error('Try again later'), { responseCode: code }));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  vendor = await startRecordingServer((r) => {
    if (r.path.startsWith('/services/')) return { status: 200, body: 'ok' };
    if (r.path.includes('/Messages.json'))
      return { status: 201, body: { sid: 'SMflow0123456789abcdef0123456789ab', status: 'queued' } };
    if (r.path === '/crm/v3/objects/contacts/search') return { status: 200, body: { total: 0, results: [] } };
    if (r.path === '/crm/v3/objects/contacts') return { status: 201, body: { id: '9001' } };
    return { status: 200, body: { received: true } };
  });
  t = await createTenant('flows');
  conn.smtp = await createConnection(t, 'smtp', {
    host: '127.0.0.1',
    port: smtpPort,
    user: 'mailer',
    pass: SECRETS[0],
    from: 'Acme <hello@acme.test>',
  });
  conn.twilio = await createConnection(t, 'twilio', {
    accountSid: 'AC0123456789abcdef0123456789abcdef',
    authToken: SECRETS[1],
    fromNumber: '+15005550006',
    baseUrl: vendor.url,
  });
  conn.hubspot = await createConnection(t, 'hubspot', { accessToken: SECRETS[2], baseUrl: vendor.url });
  conn.http = await createConnection(t, 'http', { auth: { type: 'bearer', token: SECRETS[3] } });
  conn.slack = await createConnection(t, 'slack', { webhookUrl: `${vendor.url}/services/T1/B1/${SECRETS[4]}` });
});
afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  await vendor.close();
});

describe('form → CRM → acknowledge, every step type in one published flow', () => {
  it('runs each step against its target with the event’s values', async () => {
    mails = [];
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'lead',
          type: 'crm.upsertContact',
          config: { email: '{{ trigger.body.email }}', name: '{{ trigger.body.name }}', tags: 'web' },
        },
        {
          id: 'ack',
          type: 'email.send',
          config: {
            connection: conn.smtp,
            to: '{{ trigger.body.email }}',
            subject: 'Thanks, {{ trigger.body.name }}',
            text: 'We got your message.',
          },
        },
        {
          id: 'notify',
          type: 'slack.postMessage',
          config: { connection: conn.slack, text: 'New lead {{ trigger.body.name }} ({{ steps.lead.contactId }})' },
        },
        {
          id: 'sms',
          type: 'twilio.sendSms',
          config: { connection: conn.twilio, to: '{{ trigger.body.phone }}', body: 'Hi {{ trigger.body.name }}!' },
        },
        {
          id: 'hub',
          type: 'hubspot.upsertContact',
          config: {
            connection: conn.hubspot,
            email: '{{ trigger.body.email }}',
            properties: { firstname: '{{ trigger.body.name }}' },
          },
        },
        {
          id: 'call',
          type: 'http.request',
          config: {
            url: `${vendor.url}/leads`,
            connection: conn.http,
            body: { email: '{{ trigger.body.email }}', hubspotId: '{{ steps.hub.id }}' },
          },
        },
      ]),
      'Website form',
    );
    const eventId = await sendEvent(flow.url, { email: 'Grace@Example.test', name: 'Grace', phone: '+14155550100' });
    const run = await finishedRun(t, { eventId });
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.nodeId, s.status, s.error]))).toBe('succeeded');

    // Built-in CRM: the contact exists and its timeline names this run.
    const contactId = step(run, 'lead').output.contactId;
    expect(step(run, 'lead').output.created).toBe(true);
    const contact = await api(`/api/v1/contacts/${contactId}`, { key: t.apiKey });
    expect(contact.json).toMatchObject({ email: 'grace@example.test', name: 'Grace', tags: ['web'] });
    expect(contact.json.timeline).toEqual([
      expect.objectContaining({ runId: run.id, nodeId: 'lead', created: true, flowName: 'Website form' }),
    ]);

    // Email over SMTP.
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['Grace@example.test']);
    expect(mails[0]!.from).toBe('hello@acme.test');
    expect(mails[0]!.raw).toMatch(/^Subject: Thanks, Grace\r?$/m);
    expect(mails[0]!.raw).toContain('We got your message.');
    expect(step(run, 'ack').output.messageId).toMatch(/@acme\.test>$/);

    // Vendors, in flow order.
    const byPath = (p: string) => vendor.requests.filter((r) => r.path.startsWith(p));
    expect(JSON.parse(byPath('/services/')[0]!.body)).toEqual({ text: `New lead Grace (${contactId})` });
    expect(Object.fromEntries(new URLSearchParams(byPath('/2010-04-01/')[0]!.body))).toMatchObject({
      To: '+14155550100',
      Body: 'Hi Grace!',
    });
    expect(step(run, 'sms').output.sid).toBe('SMflow0123456789abcdef0123456789ab');
    expect(JSON.parse(byPath('/crm/v3/objects/contacts')[1]!.body)).toEqual({
      properties: { firstname: 'Grace', email: 'grace@example.test' },
    });
    const lead = byPath('/leads')[0]!;
    expect(lead.headers.authorization).toBe(`Bearer ${SECRETS[3]}`);
    expect(lead.headers['idempotency-key']).toBe(`run:${run.id}:call`);
    expect(JSON.parse(lead.body)).toEqual({ email: 'Grace@Example.test', hubspotId: '9001' });
    expect(step(run, 'call').output).toMatchObject({ status: 200, body: { received: true } });

    // What the run stores and the API shows carries connection ids, never secrets.
    const runText = JSON.stringify(run);
    for (const s of SECRETS) expect(runText).not.toContain(s);
    const stored = JSON.stringify(
      await db.stepRun.findMany({ where: { runId: run.id }, select: { input: true, output: true, error: true } }),
    );
    for (const s of SECRETS) expect(stored).not.toContain(s);
  });

  it('an SMTP server answering 451 then accepting: retried and delivered once', async () => {
    mails = [];
    smtpAnswers = [451];
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'ack',
          type: 'email.send',
          config: { connection: conn.smtp, to: '{{ trigger.body.email }}', subject: 'Hello', text: 'Once only' },
        },
      ]),
    );
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, { email: 'once@example.test' }) });
    expect(run.status).toBe('succeeded');
    expect(step(run, 'ack')).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(mails.filter((m) => m.to.includes('once@example.test'))).toHaveLength(1);
  });

  it('an SMTP 550 fails the step at once, with the server’s reason', async () => {
    smtpAnswers = [550];
    const flow = await publishedFlow(
      t,
      chain([
        {
          id: 'ack',
          type: 'email.send',
          config: { connection: conn.smtp, to: 'nobody@example.test', subject: 'x', text: 'x' },
        },
      ]),
    );
    const run = await finishedRun(t, { eventId: await sendEvent(flow.url, {}) });
    expect(run.status).toBe('failed');
    expect(step(run, 'ack')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step(run, 'ack').error).toContain('refused the message');
  });

  it('a step naming another workspace’s connection fails with "Connection not found"', async () => {
    const other = await createTenant('flows-other');
    const flow = await publishedFlow(
      other,
      chain([{ id: 'notify', type: 'slack.postMessage', config: { connection: conn.slack, text: 'steal' } }]),
    );
    const before = vendor.requests.length;
    const run = await finishedRun(other, { eventId: await sendEvent(flow.url, {}) });
    expect(run.status).toBe('failed');
    expect(step(run, 'notify')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step(run, 'notify').error).toContain('Connection not found');
    expect(vendor.requests.length).toBe(before);
  });
});
