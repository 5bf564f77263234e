import { db } from '../db';
import { stepDefinition } from '../integrations/registry';
import { prepareStep } from '../engine/step-input';
import { loadTestContext } from './test-step';
import { hasEffect, recipientKinds, testReachesOutside } from './test-side-effects';

// GET /flows/{id}/steps/{nodeId}/test: what "Test step" would do, said plainly
// and with the target filled in from the sample event where it can be, so the
// editor can ask before a test sends a real email or calls a real API.

export type TestPreview = {
  /** The test reaches someone outside Switchboard: the editor asks first. */
  reachesOutside: boolean;
  /** "This sends a real email to ana@example.com." — null for steps without an effect. */
  summary: string | null;
  /** For email and SMS steps: who would get it, and the kind of recipient "Send test to me" takes. */
  recipient: { kind: 'email' | 'sms'; to: string | null } | null;
  /** The signed-in user's address ("Send test to me" for email); null with an API key. */
  me: string | null;
};

export async function previewTestStep(
  workspaceId: string,
  flowId: string,
  nodeId: string,
  userId: string | null,
): Promise<TestPreview> {
  const me = userId
    ? ((await db.user.findFirst({ where: { id: userId }, select: { email: true } }))?.email ?? null)
    : null;
  const ctx = await loadTestContext(workspaceId, flowId, nodeId);
  if ('output' in ctx) return { reachesOutside: false, summary: null, recipient: null, me };
  const { plan, node, trigger, steps } = ctx;
  let input: Record<string, unknown> = {};
  let problem: string | null = null;
  try {
    input = (prepareStep(plan, node, { trigger, steps }).input ?? {}) as Record<string, unknown>;
  } catch (err) {
    problem = (err as Error).message;
    input = {};
  }
  const kind = recipientKinds[node.type];
  const to = typeof input.to === 'string' && input.to ? input.to : null;
  return {
    reachesOutside: testReachesOutside(node.type),
    summary: describe(node.type, input, problem),
    recipient: kind ? { kind, to } : null,
    me,
  };
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 300) : null);

function describe(type: string, input: Record<string, unknown>, problem: string | null): string | null {
  const def = stepDefinition(type);
  if (!def || !hasEffect(type)) return null;
  const unknown = problem ? ` (the sample event does not fill it in: ${problem})` : '';
  switch (type) {
    case 'email.send':
      return str(input.to) ? `This sends a real email to ${str(input.to)}.` : `This sends a real email${unknown}.`;
    case 'twilio.sendSms':
      return str(input.to)
        ? `This sends a real text message to ${str(input.to)}.`
        : `This sends a real text message${unknown}.`;
    case 'slack.postMessage':
      return 'This posts a real message to your Slack channel.';
    case 'hubspot.upsertContact':
      return str(input.email)
        ? `This creates or updates the contact ${str(input.email)} in your HubSpot account.`
        : `This creates or updates a contact in your HubSpot account${unknown}.`;
    case 'http.request':
      return str(input.url)
        ? `This sends a real ${str(input.method) ?? 'POST'} request to ${str(input.url)}.`
        : `This sends a real request${unknown}.`;
    case 'crm.upsertContact':
      return `This creates or updates ${str(input.email) ?? 'a contact'} in your built-in CRM (you can delete it from Contacts afterwards).`;
    default:
      return testReachesOutside(type) ? `This runs "${def.label}" for real.` : null;
  }
}
