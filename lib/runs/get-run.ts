import { db } from '../db';
import { notFound } from '../errors';
import { buildPlan } from '../engine/flow-plan';
import { maskStepInput } from './mask-secrets';
import { stepRowSelect } from './step-row-select';
import { iso } from '../db/iso';
import type { FlowGraph } from '../flows/graph';

// A run as GET /runs/{id} answers it and the run page shows it: the run, the
// graph of the version it runs, every step of that version in graph order,
// the trigger first (its output is the event), and the runs that replay it.
// Steps the engine has not reached yet are listed as `pending`.

export async function getRun(workspaceId: string, runId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId },
    select: {
      id: true,
      flowId: true,
      eventId: true,
      status: true,
      replayOfId: true,
      fromFailedStep: true,
      error: true,
      nextAttemptAt: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      flow: { select: { name: true } },
      flowVersion: { select: { version: true, graph: true } },
      event: {
        select: { id: true, source: true, method: true, headers: true, query: true, body: true, receivedAt: true },
      },
      steps: { select: stepRowSelect },
      replays: { select: { id: true, status: true, createdAt: true }, orderBy: { createdAt: 'desc' }, take: 10 },
    },
  });
  if (!run) throw notFound('Run');
  const plan = buildPlan(run.flowVersion.graph);
  const rows = new Map(run.steps.map((s) => [s.nodeId, s]));
  const trigger = {
    nodeId: plan.trigger.id,
    type: plan.trigger.type,
    label: plan.trigger.label ?? null,
    status: 'succeeded' as const,
    attempts: 1,
    input: null,
    output: {
      body: run.event.body,
      query: run.event.query,
      headers: run.event.headers,
      method: run.event.method,
      receivedAt: run.event.receivedAt.toISOString(),
    },
    error: null,
    reused: false,
    startedAt: run.event.receivedAt.toISOString(),
    finishedAt: run.event.receivedAt.toISOString(),
    nextAttemptAt: null,
  };
  const steps = plan.order.map((node) => {
    const s = rows.get(node.id);
    return {
      nodeId: node.id,
      type: node.type,
      label: node.label ?? null,
      status: s?.status ?? 'pending',
      attempts: s?.attempts ?? 0,
      // Masked when written; masked again here for rows written before that.
      input: maskStepInput(s?.input ?? null),
      output: s?.output ?? null,
      error: s?.error ?? null,
      reused: s?.reused ?? false,
      startedAt: iso(s?.startedAt),
      finishedAt: iso(s?.finishedAt),
      nextAttemptAt: iso(s?.nextAttemptAt),
    };
  });
  return {
    id: run.id,
    flowId: run.flowId,
    flowName: run.flow.name,
    eventId: run.eventId,
    version: run.flowVersion.version,
    status: run.status,
    replayOf: run.replayOfId,
    fromFailedStep: run.fromFailedStep,
    error: run.error,
    nextAttemptAt: iso(run.nextAttemptAt),
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    graph: withoutSettings(run.flowVersion.graph as FlowGraph),
    event: {
      id: run.event.id,
      source: run.event.source,
      method: run.event.method,
      receivedAt: run.event.receivedAt.toISOString(),
    },
    steps: [trigger, ...steps],
    replays: run.replays.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}

/**
 * The version's shape without its steps' settings: the run page draws the
 * graph, and a setting may hold a credential typed into the step (each step's
 * `input` shows what it ran with, masked).
 */
function withoutSettings(graph: FlowGraph): FlowGraph {
  return { ...graph, nodes: graph.nodes.map((n) => ({ ...n, config: {} })) };
}

export type RunDetail = Awaited<ReturnType<typeof getRun>>;
