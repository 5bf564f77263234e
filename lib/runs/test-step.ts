import { randomBytes } from 'node:crypto';
import { db } from '../db';
import { storable } from '../db/storable';
import { AppError, notFound } from '../errors';
import { withFields } from '../integrations/webhook/sources';
import type { TriggerData } from '../templates/render-config';
import { executeStep } from '../engine/execute-step';
import { buildPlan } from '../engine/flow-plan';
import { stepTimeoutMs } from '../engine/retry-policy';
import { controlSteps } from '../integrations/registry.server';
import { decideControl, prepareStep } from '../engine/step-input';
import { assertRecipientOverride, withRecipient } from './test-recipient';

// "Test step" in the editor: runs one node of the DRAFT with the flow's sample
// event and the latest known outputs of the steps before it (from earlier
// runs of this flow). It calls the real target once, creates no run and
// records nothing; a control step that would wait answers at once. A messaging
// step can be tested with its recipient replaced ("Send test to me"); nothing
// else changes.

export type TestStepResult = { input?: unknown; output?: unknown; error?: string };

/** Who gets a messaging step's test instead of the rendered `to` ("Send test to me"). */
export type TestOverride = { to?: string };

export async function testStep(
  workspaceId: string,
  flowId: string,
  nodeId: string,
  override: TestOverride = {},
): Promise<TestStepResult> {
  const ctx = await loadTestContext(workspaceId, flowId, nodeId);
  if ('output' in ctx) return ctx;
  const { plan, node, trigger, steps } = ctx;
  if (override.to !== undefined) assertRecipientOverride(node.type, override.to);

  let prepared;
  try {
    prepared = prepareStep(plan, node, { trigger, steps });
  } catch (err) {
    return { error: (err as Error).message };
  }
  if (override.to !== undefined) prepared = withRecipient(prepared, override.to);
  if (controlSteps[node.type]) {
    try {
      const now = new Date();
      let { decision } = decideControl(plan, node, { trigger, steps }, { now, resumed: false });
      if (decision.outcome === 'wait')
        ({ decision } = decideControl(plan, node, { trigger, steps }, { now, resumed: true }));
      if (decision.outcome === 'done') return { input: prepared.input, output: decision.output };
      return { input: prepared.input, error: 'The step kept waiting' };
    } catch (err) {
      return { input: prepared.input, error: (err as Error).message };
    }
  }
  const outcome = await executeStep({
    type: node.type,
    config: prepared.config,
    workspaceId,
    flowId,
    // Not a run id: steps that record per-run history (the CRM timeline) skip it.
    runId: 'test',
    nodeId,
    attempt: 1,
    idempotencyKey: `test:${flowId}:${nodeId}:${randomBytes(6).toString('hex')}`,
    timeoutMs: stepTimeoutMs(node),
  });
  // Shown as a run would store it: any answer can be written as JSON.
  return outcome.ok
    ? { input: prepared.input, output: storable(outcome.output) }
    : { input: prepared.input, error: outcome.error };
}

/** The draft's plan, the node and what its templates see; the trigger's own test answers at once. */
export async function loadTestContext(workspaceId: string, flowId: string, nodeId: string) {
  const flow = await db.flow.findFirst({
    where: { id: flowId, workspaceId },
    select: { draftGraph: true, sampleEventId: true },
  });
  if (!flow) throw notFound('Flow');
  let plan;
  try {
    plan = buildPlan(flow.draftGraph);
  } catch {
    throw new AppError('invalid_input', 'The draft needs a Webhook trigger before a step can be tested.');
  }
  const node = plan.nodes.get(nodeId);
  if (!node) throw notFound('Step');

  const trigger = withFields(plan.trigger.config, await sampleTrigger(workspaceId, flow.sampleEventId));
  if (node.id === plan.trigger.id) return { output: trigger as unknown };
  const steps: Record<string, unknown> = {
    [plan.trigger.id]: trigger,
    ...(await knownOutputs(workspaceId, flowId, [...(plan.upstream.get(nodeId) ?? [])])),
  };
  return { plan, node, trigger, steps };
}

async function sampleTrigger(workspaceId: string, sampleEventId: string | null): Promise<TriggerData> {
  const event = sampleEventId
    ? await db.event.findFirst({
        where: { id: sampleEventId, workspaceId },
        select: { method: true, headers: true, query: true, body: true, receivedAt: true },
      })
    : null;
  // Without a sample the step still runs; template values from the trigger are empty.
  return {
    body: event?.body ?? {},
    query: event?.query ?? {},
    headers: event?.headers ?? {},
    method: event?.method ?? 'POST',
    receivedAt: (event?.receivedAt ?? new Date()).toISOString(),
  };
}

/** The newest succeeded output of each node among this flow's runs. */
async function knownOutputs(workspaceId: string, flowId: string, nodeIds: string[]): Promise<Record<string, unknown>> {
  const found = await Promise.all(
    nodeIds.map(async (nodeId) => {
      const rows = await db.$queryRaw<{ output: unknown }[]>`
        SELECT s.output FROM run r JOIN step_run s ON s."runId" = r.id AND s."nodeId" = ${nodeId} AND s.status = 'succeeded'
        WHERE r."flowId" = ${flowId}::uuid AND r."workspaceId" = ${workspaceId}::uuid
        ORDER BY r.id DESC LIMIT 1`;
      return rows[0] ? ([nodeId, rows[0].output] as const) : null;
    }),
  );
  return Object.fromEntries(found.filter((f) => f !== null));
}
