import type { FlowNode } from '../flows/graph';
import type { TriggerData } from '../templates/render-config';
import type { EngineState } from './decide';
import { buildPlan, type FlowPlan } from './flow-plan';
import type { StepRow, StepStatus } from './run-writes';

// Test fixtures for the engine's rules (decide.test.ts, decide.property.test.ts):
// plans from node lists, step rows, and an engine state with counters for ids.

export const T0 = new Date('2026-01-01T00:00:00Z');
export const at = (ms: number) => new Date(T0.getTime() + ms);

export const trigger: TriggerData = {
  body: { email: 'a@example.com', n: 1 },
  query: {},
  headers: {},
  method: 'POST',
  receivedAt: T0.toISOString(),
};

/** An outbound step: its claim is written before it starts. */
export const http = (id: string, extra: Partial<FlowNode> = {}): FlowNode => ({
  id,
  type: 'http.request',
  config: { method: 'POST', url: 'https://example.com/hook' },
  ...extra,
});
/** A local step: it starts without a write. */
export const local = (id: string): FlowNode => ({
  id,
  type: 'crm.upsertContact',
  config: { email: '{{trigger.body.email}}' },
});
export const filter = (id: string, right: string): FlowNode => ({
  id,
  type: 'filter',
  config: { conditions: [{ left: '{{trigger.body.n}}', op: 'equals', right }] },
});
export const delay = (id: string, seconds: number): FlowNode => ({ id, type: 'delay', config: { seconds } });

/** A plan: the trigger `t`, `nodes`, and `edges` as [source, target] (a node with no edge hangs off the trigger). */
export function plan(nodes: FlowNode[], edges: [string, string][] = []): FlowPlan {
  const targets = new Set(edges.map(([, to]) => to));
  const all = [...edges, ...nodes.filter((n) => !targets.has(n.id)).map((n) => ['t', n.id] as [string, string])];
  return buildPlan({
    nodes: [{ id: 't', type: 'trigger.webhook', config: {} }, ...nodes],
    edges: all.map(([source, target]) => ({ source, target })),
  });
}

export function step(nodeId: string, status: StepStatus, patch: Partial<StepRow> = {}): StepRow {
  return {
    id: `row-${nodeId}`,
    nodeId,
    type: 'http.request',
    status,
    attempts: status === 'pending' ? 0 : 1,
    output: status === 'succeeded' ? { ok: true } : null,
    error: status === 'failed' || status === 'retrying' ? 'boom' : null,
    nextAttemptAt: null,
    startedAt: status === 'pending' ? null : T0,
    finishedAt: status === 'succeeded' || status === 'failed' || status === 'skipped' ? T0 : null,
    ...patch,
  };
}

export function engineState(p: FlowPlan, rows: StepRow[] = [], patch: Partial<EngineState> = {}): EngineState {
  let ids = 0;
  let jobs = 0;
  return {
    plan: p,
    trigger,
    steps: new Map(rows.map((r) => [r.nodeId, { ...r, type: p.nodes.get(r.nodeId)?.type ?? r.type }])),
    changed: [],
    inflight: new Set(),
    taken: { status: 'running', nextAttemptAt: null },
    written: { status: 'running', nextAttemptAt: null, leaseUntil: at(30_000) },
    interruptions: 0,
    blamed: new Set(),
    draining: false,
    ids: { step: () => `new-${++ids}`, job: () => `job-${++jobs}` },
    ...patch,
  };
}
