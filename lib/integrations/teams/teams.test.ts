import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recorded, Reply } from '@/tests/helpers/recording-server';
import type { Tenant } from '@/tests/helpers/tenant';
import {
  appTenant,
  checkConnection,
  createConnection,
  firstThen,
  json,
  runOneStep,
  startVendor,
  type Vendor,
} from '@/tests/helpers/vendor-harness';

// Microsoft Teams webhooks as documented:
//   https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook
//     ({type: "message", attachments: [{contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null,
//      content: {$schema, type: "AdaptiveCard", version, body}}]})
//   https://support.microsoft.com/office/create-incoming-webhooks-with-workflows-for-microsoft-teams-8ae491c7-0394-4861-ba59-055e33f75498
//     (the Workflows webhook: 202 Accepted; Logic Apps errors {error: {code, message}}, 429 with Retry-After)
//   https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#rate-limiting-for-connectors
//     (old connectors: 200 "1", or a 200 whose text reports "Microsoft Teams endpoint returned HTTP error 429")

const FLOW =
  '/workflows/4f0c/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SIGs3cret';
let t: Tenant;
let vendor: Vendor;
let conn: string;

function workflow(r: Recorded): Reply {
  if (r.path !== FLOW)
    return {
      status: 401,
      body: { error: { code: 'DirectApiAuthorizationRequired', message: 'The request must be authenticated.' } },
    };
  const b = JSON.parse(r.body);
  const card = b.attachments?.[0];
  if (
    b.type !== 'message' ||
    card?.contentType !== 'application/vnd.microsoft.card.adaptive' ||
    card.content?.type !== 'AdaptiveCard'
  )
    return {
      status: 400,
      body: {
        error: {
          code: 'TriggerInputSchemaMismatch',
          message: "The input body for trigger 'manual' of type 'Request' did not match its schema definition.",
        },
      },
    };
  return { status: 202 };
}

beforeAll(async () => {
  vendor = await startVendor();
  t = await appTenant('teams');
  conn = await createConnection(t, 'teams', { webhookUrl: `${vendor.url}${FLOW}` });
});
afterAll(() => vendor.close());

const node = () => ({
  type: 'teams.postMessage',
  config: {
    connection: conn,
    title: 'New lead: {{ trigger.body.name }}',
    text: '{{ trigger.body.email }} wrote: {{ trigger.body.message }}',
  },
});
const event = { name: 'Ada', email: 'ada@example.test', message: 'Call me' };

describe('teams.postMessage in a published flow', () => {
  it('POSTs a message with an Adaptive Card attachment; a Workflows 202 succeeds', async () => {
    vendor.reply(workflow);
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('succeeded');
    expect(step.output).toEqual({ ok: true });
    const [req] = vendor.requests;
    expect(vendor.requests).toHaveLength(1);
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe(FLOW);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(json(req!)).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: 'New lead: Ada', weight: 'Bolder', size: 'Medium', wrap: true },
              { type: 'TextBlock', text: 'ada@example.test wrote: Call me', wrap: true },
            ],
          },
        },
      ],
    });
  });

  it('an old connector’s 200 "1" succeeds', async () => {
    vendor.reply(() => ({ status: 200, body: '1' }));
    const { step } = await runOneStep(t, node(), event);
    expect(step).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('a 400 TriggerInputSchemaMismatch fails at once with the workflow’s message', async () => {
    vendor.reply(() => ({
      status: 400,
      body: {
        error: {
          code: 'TriggerInputSchemaMismatch',
          message: "The input body for trigger 'manual' of type 'Request' did not match its schema definition.",
        },
      },
    }));
    const { run, step } = await runOneStep(t, node(), event);
    expect(run.status).toBe('failed');
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toContain('Teams refused the message');
    expect(step.error).toContain('TriggerInputSchemaMismatch');
  });

  it('a 429 with Retry-After is retried after it', async () => {
    vendor.reply(
      firstThen(
        {
          status: 429,
          headers: { 'retry-after': '1' },
          body: {
            error: {
              code: 'WorkflowTriggeredTooFrequently',
              message: 'Rate limit is exceeded. Try again in 1 seconds.',
            },
          },
        },
        workflow,
      ),
    );
    const { step } = await runOneStep(t, node(), event);
    expect(step).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(vendor.requests[1]!.at - vendor.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(vendor.requests[1]!.body).toBe(vendor.requests[0]!.body);
  });

  it('an old connector’s 200 reporting HTTP error 429, then a 500, are retried; a 200 reporting 400 is not', async () => {
    vendor.reply((r, n) =>
      n === 0
        ? {
            status: 200,
            body: 'Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=msgapi-canary-eus2-0,cv=deadbeef.',
          }
        : n === 1
          ? {
              status: 500,
              body: { error: { code: 'InternalServerError', message: 'Encountered internal server error.' } },
            }
          : workflow(r),
    );
    const { step } = await runOneStep(t, node(), event);
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3 });
    vendor.reply(() => ({
      status: 200,
      body: 'Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 400 with ContextId x.',
    }));
    const bad = await runOneStep(t, node(), event);
    expect(bad.step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(bad.step.error).toContain('HTTP error 400');
  });
});

describe('Check connection (URL shape and address, no post)', () => {
  it('passes for a reachable URL without posting, noting it is not a Teams host', async () => {
    vendor.reply(workflow);
    expect(await checkConnection(t, conn)).toEqual({ ok: true, message: expect.stringContaining('not a Teams') });
    expect(vendor.requests).toHaveLength(0);
  });
});
