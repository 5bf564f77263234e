import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicOnlyPolicy, withOutboundPolicy } from '@/lib/net/address-policy';
import { runEmailSend } from '@/lib/integrations/email/send.run';
import { StepError } from '@/lib/steps/types';
import { createConnection, rejection, runStep, stepContext } from '@/tests/helpers/step-context';
import { createTenant, type Tenant } from '@/tests/helpers/tenant';

// email.send against a real SMTP server (smtp-server) that checks the login
// and records the conversation; it can be told to answer 451 or 550.

type Got = { from: string; to: string[]; raw: string; user?: string };
let got: Got[] = [];
let answer: { code: number; message: string } | null = null;
let server: SMTPServer;
let port: number;
let tenant: Tenant;
let connectionId: string;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'mailer' && auth.password === 'smtp-pass-s3cret') return cb(null, { user: auth.username });
      cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (answer) return cb(Object.assign(new Error(answer.message), { responseCode: answer.code }));
        got.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.server.address() as AddressInfo).port;
  tenant = await createTenant('email');
  connectionId = await createConnection(tenant, 'smtp', {
    host: '127.0.0.1',
    port,
    secure: false,
    user: 'mailer',
    pass: 'smtp-pass-s3cret',
    from: 'Acme Support <support@acme.test>',
  });
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const send = (config: Record<string, unknown>) =>
  runStep(
    runEmailSend,
    { connection: connectionId, ...config } as any,
    stepContext(tenant.workspaceId, { nodeId: 'ack' }),
  );

describe('email.send over SMTP', () => {
  it('delivers recipient, subject, body and from through a signed-in SMTP conversation', async () => {
    got = [];
    answer = null;
    const out: any = await send({
      to: 'Customer@Example.test',
      subject: 'Thanks, Ada',
      text: 'We got your message.',
      html: '<p>We got your <b>message</b>.</p>',
      replyTo: 'help@acme.test',
    });
    expect(out.messageId).toMatch(/^<[0-9a-f]{32}@acme\.test>$/);
    expect(got).toHaveLength(1);
    const mail = got[0]!;
    expect(mail.user).toBe('mailer');
    expect(mail.from).toBe('support@acme.test');
    // nodemailer lower-cases the domain part only.
    expect(mail.to).toEqual(['Customer@example.test']);
    expect(mail.raw).toMatch(/^Subject: Thanks, Ada\r?$/m);
    expect(mail.raw).toMatch(/^From: Acme Support <support@acme\.test>\r?$/m);
    expect(mail.raw).toMatch(/^Reply-To: help@acme\.test\r?$/m);
    expect(mail.raw).toContain('We got your message.');
    expect(mail.raw).toContain('<b>message</b>');
    expect(mail.raw).toContain(`Message-ID: ${out.messageId}`);
  });

  it('keeps the same Message-ID for the same run and step (a resend is recognisable)', async () => {
    got = [];
    answer = null;
    const a: any = await send({ to: 'a@example.test', subject: 's', text: 't' });
    const b: any = await send({ to: 'a@example.test', subject: 's', text: 't' });
    expect(a.messageId).toBe(b.messageId);
  });

  it('answers 451 → retryable; 550 → not retryable, with the server’s words', async () => {
    answer = { code: 451, message: 'Greylisted, try again later' };
    const soft = await rejection(send({ to: 'a@example.test', subject: 's', text: 't' }));
    expect(soft).toBeInstanceOf(StepError);
    expect(soft.retryable).toBe(true);
    expect(soft.message).toContain('Greylisted');

    answer = { code: 550, message: 'Mailbox unavailable' };
    const hard = await rejection(send({ to: 'a@example.test', subject: 's', text: 't' }));
    expect(hard.retryable).toBe(false);
    expect(hard.message).toContain('Mailbox unavailable');
    answer = null;
  });

  it('refuses invalid addresses after templating, without connecting', async () => {
    got = [];
    const err = await rejection(send({ to: 'not-an-address', subject: 's', text: 't' }));
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('not a valid email address');
    const reply = await rejection(send({ to: 'a@example.test', replyTo: 'nope@', subject: 's', text: 't' }));
    expect(reply.message).toContain('Reply-to');
    expect(got).toHaveLength(0);
  });

  it('fails for good on a wrong password', async () => {
    const bad = await createConnection(tenant, 'smtp', {
      host: '127.0.0.1',
      port,
      secure: false,
      user: 'mailer',
      pass: 'wrong',
      from: 'support@acme.test',
    });
    const err = await rejection(
      runStep(
        runEmailSend,
        { connection: bad, to: 'a@example.test', subject: 's', text: 't' } as any,
        stepContext(tenant.workspaceId),
      ),
    );
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/refused/i);
  });

  it('retries when the server cannot be reached', async () => {
    const closed = await createConnection(tenant, 'smtp', {
      host: '127.0.0.1',
      port: 1,
      secure: false,
      from: 'support@acme.test',
    });
    const err = await rejection(
      runStep(
        runEmailSend,
        { connection: closed, to: 'a@example.test', subject: 's', text: 't' } as any,
        stepContext(tenant.workspaceId),
      ),
    );
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('Could not reach the SMTP server');
  });

  it('with OUTBOUND_ALLOW_PRIVATE=false, refuses an SMTP host on loopback before connecting', async () => {
    got = [];
    const err = await rejection(
      withOutboundPolicy(publicOnlyPolicy, () => send({ to: 'a@example.test', subject: 's', text: 't' })),
    );
    expect(err).toBeInstanceOf(StepError);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^Refused to connect to 127\.0\.0\.1: it is a loopback address/);
    const named = await createConnection(tenant, 'smtp', {
      host: 'localhost',
      port,
      secure: false,
      from: 'support@acme.test',
    });
    const byName = await rejection(
      withOutboundPolicy(publicOnlyPolicy, () =>
        runStep(
          runEmailSend,
          { connection: named, to: 'a@example.test', subject: 's', text: 't' } as any,
          stepContext(tenant.workspaceId),
        ),
      ),
    );
    expect(byName.message).toMatch(/^Refused to connect to localhost \(.+\): it is a loopback address/);
    expect(got).toHaveLength(0);
  });
});
