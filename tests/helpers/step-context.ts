import { loadConnectionForStep } from '@/lib/connections/load-connection-for-step';
import type { StepRun } from '@/lib/integrations/define-server';
import { stepDefinition } from '@/lib/integrations/registry';
import type { StepContext } from '@/lib/steps/types';
import { api, type Tenant } from './tenant';

// A StepContext as the engine builds one, with the real connection loader, for
// tests that call one executor directly.
export function stepContext(workspaceId: string, over: Partial<StepContext> = {}): StepContext {
  const runId = over.runId ?? '00000000-0000-7000-8000-00000000cafe';
  const nodeId = over.nodeId ?? 'step';
  return {
    workspaceId,
    flowId: '00000000-0000-7000-8000-00000000f10e',
    runId,
    nodeId,
    attempt: 1,
    idempotencyKey: `run:${runId}:${nodeId}`,
    signal: AbortSignal.timeout(30_000),
    connection: (id, accepts) => loadConnectionForStep(workspaceId, id, accepts),
    ...over,
  };
}

/** Runs one step as the engine does: the config parsed with the step's schema, then its `run`. */
export async function runStep(step: StepRun, config: unknown, ctx: StepContext): Promise<any> {
  return step.run(stepDefinition(step.type)!.schema.parse(config), ctx);
}

let connectionCount = 0;

/** Creates a connection through the REST API; returns its id. Names are unique in a workspace, so each gets a number. */
export async function createConnection(
  t: Tenant,
  type: string,
  config: Record<string, unknown>,
  name = `${type} test ${++connectionCount}`,
) {
  const res = await api('/api/v1/connections', { key: t.apiKey, body: { type, name, config } });
  if (res.status !== 201) throw new Error(`create connection: ${res.status} ${res.text}`);
  return res.json.id as string;
}

/** The StepError (or other error) a promise rejects with. */
export async function rejection(p: Promise<unknown>): Promise<any> {
  return p.then(
    (v) => {
      throw new Error(`expected a failure, got ${JSON.stringify(v)}`);
    },
    (e) => e,
  );
}
