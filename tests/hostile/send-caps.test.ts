import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher } from '../helpers/mail-catcher';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent, step } from '../helpers/run-flows';
import { createConnection } from '../helpers/step-context';
import { createTenant, type Tenant } from '../helpers/tenant';

// The acknowledgement step is not a spam relay. A bot posting the same
// address to a public form again and again gets it N mails in an hour, not
// one per post; a bot posting many addresses gets at most M out of the flow.
// The sends over a cap end `skipped` with the reason, are not retried, and
// the run still succeeds. Events are sent all at once, so the suite's worker
// runs them concurrently: the count must hold under races.

let t: Tenant;
let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let smtp: string;

beforeAll(async () => {
  t = await createTenant('caps');
  mail = await startMailCatcher();
  smtp = await createConnection(t, 'smtp', {
    host: '127.0.0.1',
    port: mail.port,
    secure: false,
    from: 'Shop <shop@shop.test>',
  });
});
afterAll(() => mail?.close());

const ack = (sendLimit: Record<string, number>, to = '{{ trigger.body.email }}') => ({
  id: 'ack',
  type: 'email.send',
  config: { connection: smtp, to, subject: 'Thanks {{ trigger.body.n }}', text: 'We got it.', sendLimit },
});

async function runAll(url: string, bodies: Record<string, unknown>[]) {
  const ids = await Promise.all(bodies.map((b) => sendEvent(url, b)));
  return Promise.all(ids.map((eventId) => finishedRun(t, { eventId })));
}

describe('email.send caps', () => {
  it('sends at most N mails to one recipient per flow per hour; the rest are skipped with the reason', async () => {
    const flow = await publishedFlow(t, chain([ack({ perRecipientPerHour: 2 })]));
    const victim = `victim-${Date.now()}@example.test`;
    const runs = await runAll(
      flow.url,
      [1, 2, 3, 4].map((n) => ({ email: victim, n })),
    );

    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const steps = runs.map((r) => step(r, 'ack'));
    expect(steps.filter((s) => s.status === 'succeeded')).toHaveLength(2);
    const skipped = steps.filter((s) => s.status === 'skipped');
    expect(skipped).toHaveLength(2);
    for (const s of skipped) {
      expect(s.attempts).toBe(1);
      expect(s.output).toMatchObject({ skipped: true, reason: 'recipient_send_limit' });
      expect(s.output.message).toMatch(/per recipient/);
    }
    expect(mail.messages.filter((m) => m.to.includes(victim))).toHaveLength(2);
  });

  it('sends at most M mails per flow per hour to addresses from events', async () => {
    const flow = await publishedFlow(t, chain([ack({ perFlowPerHour: 3 })]));
    const stamp = Date.now();
    const addresses = [1, 2, 3, 4, 5].map((n) => `many-${stamp}-${n}@example.test`);
    const runs = await runAll(
      flow.url,
      addresses.map((email, n) => ({ email, n })),
    );

    const steps = runs.map((r) => step(r, 'ack'));
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    expect(steps.filter((s) => s.status === 'succeeded')).toHaveLength(3);
    expect(steps.filter((s) => s.status === 'skipped').map((s) => s.output.reason)).toEqual([
      'flow_send_limit',
      'flow_send_limit',
    ]);
    expect(mail.messages.filter((m) => addresses.some((a) => m.to.includes(a)))).toHaveLength(3);
  });

  it('does not cap a recipient the owner wrote into the step', async () => {
    const owner = `owner-${Date.now()}@shop.test`;
    const flow = await publishedFlow(t, chain([ack({ perRecipientPerHour: 1 }, owner)]));
    const runs = await runAll(
      flow.url,
      [1, 2].map((n) => ({ email: 'x@example.test', n })),
    );
    expect(runs.map((r) => step(r, 'ack').status)).toEqual(['succeeded', 'succeeded']);
    expect(mail.messages.filter((m) => m.to.includes(owner))).toHaveLength(2);
  });
});

describe('twilio.sendSms caps', () => {
  it('sends at most N texts to one number per flow per hour', async () => {
    const sid = `AC${'0123456789abcdef'.repeat(2)}`;
    const twilio = await startRecordingServer(() => ({
      status: 201,
      body: { sid: `SM${Date.now()}`, status: 'queued' },
    }));
    try {
      const conn = await createConnection(t, 'twilio', {
        accountSid: sid,
        authToken: 'tok',
        fromNumber: '+15005550006',
        baseUrl: twilio.url,
      });
      const flow = await publishedFlow(
        t,
        chain([
          {
            id: 'sms',
            type: 'twilio.sendSms',
            config: {
              connection: conn,
              to: '{{ trigger.body.phone }}',
              body: 'Hi',
              sendLimit: { perRecipientPerHour: 1 },
            },
          },
        ]),
      );
      const runs = await runAll(flow.url, [
        { phone: '+1 (415) 555-0101' },
        { phone: '+14155550101' },
        { phone: '+14155550101' },
      ]);
      expect(runs.map((r) => step(r, 'sms').status).sort()).toEqual(['skipped', 'skipped', 'succeeded']);
      expect(twilio.requests).toHaveLength(1);
    } finally {
      await twilio.close();
    }
  });
});
