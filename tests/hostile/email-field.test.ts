import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingServer } from '../helpers/recording-server';
import { chain, finishedRun, publishedFlow, sendEvent, step } from '../helpers/run-flows';
import { createConnection } from '../helpers/step-context';
import { createTenant, type Tenant } from '../helpers/tenant';

// An email field of 400 kB of '<' against the suite's worker. Before, the
// email step's To/Reply-To parse (a backtracking regex) froze the worker for
// minutes, its jobs stalled and went to the next worker, which froze too. Now
// every step that checks the address answers at once and other flows go on.

let target: Awaited<ReturnType<typeof startRecordingServer>>;
let t: Tenant;
let smtp: string;

beforeAll(async () => {
  target = await startRecordingServer(() => ({ status: 200, body: { ok: true } }));
  t = await createTenant('hostile-email');
  // Never reached: the address is refused before any connection is made.
  smtp = await createConnection(t, 'smtp', { host: '127.0.0.1', port: 1, from: 'Shop <shop@example.test>' });
});
afterAll(() => target?.close());

describe('a 400 kB email address of "<"', () => {
  it('fails the steps that need an address at once, without retries, and other flows keep completing', async () => {
    const graph = {
      nodes: [
        { id: 'trigger', type: 'trigger.webhook', config: {} },
        {
          id: 'mail',
          type: 'email.send',
          config: {
            connection: smtp,
            to: '{{ trigger.body.email }}',
            replyTo: '{{ trigger.body.email }}',
            subject: 'Hi',
            text: 'Thanks',
          },
          retry: { attempts: 6, backoffMs: 100 },
        },
        { id: 'check', type: 'filter', config: { conditions: [{ left: '{{ trigger.body.email }}', op: 'isEmail' }] } },
        {
          id: 'lead',
          type: 'crm.upsertContact',
          config: { email: '{{ trigger.body.email }}' },
          retry: { attempts: 6, backoffMs: 100 },
        },
      ],
      edges: [
        { source: 'trigger', target: 'mail' },
        { source: 'trigger', target: 'check' },
        { source: 'trigger', target: 'lead' },
      ],
    };
    const flow = await publishedFlow(t, graph);
    const other = await publishedFlow(
      t,
      chain([{ id: 'ping', type: 'http.request', config: { url: `${target.url}/ping` } }]),
    );

    const hostile = await sendEvent(flow.url, { email: '<'.repeat(400_000) });
    const next = await sendEvent(other.url, { n: 1 });

    const run = await finishedRun(t, { eventId: hostile });
    expect(run.status).toBe('failed');
    expect(step(run, 'mail')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step(run, 'mail').error).toMatch(/^To /);
    expect(step(run, 'check')).toMatchObject({ status: 'succeeded', output: { passed: false } });
    expect(step(run, 'lead')).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await finishedRun(t, { eventId: next })).status).toBe('succeeded');

    // And once more: the worker that handled it is still answering.
    const again = await sendEvent(other.url, { n: 2 });
    expect((await finishedRun(t, { eventId: again })).status).toBe('succeeded');
  });
});
