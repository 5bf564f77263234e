import { db } from '../db';
import type { FlowGraph } from '../flows/graph';
import { maskStepInput } from './mask-secrets';
import { stepRowSelect } from './step-row-select';
import { iso } from '../db/iso';

// Everything the run page shows: the run, the graph of the version it ran,
// each step's resolved input/output/error and the raw event.

export async function runDetailView(workspaceId: string, runId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId },
    select: {
      id: true,
      flowId: true,
      status: true,
      error: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      nextAttemptAt: true,
      replayOfId: true,
      fromFailedStep: true,
      flow: { select: { name: true } },
      flowVersion: { select: { version: true, graph: true } },
      steps: { select: stepRowSelect },
      event: {
        select: { id: true, source: true, method: true, headers: true, query: true, body: true, receivedAt: true },
      },
      replays: { select: { id: true, status: true, createdAt: true }, orderBy: { createdAt: 'desc' }, take: 10 },
    },
  });
  if (!run) return null;
  return {
    id: run.id,
    flowId: run.flowId,
    flowName: run.flow.name,
    status: run.status,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    nextAttemptAt: iso(run.nextAttemptAt),
    replayOfId: run.replayOfId,
    fromFailedStep: run.fromFailedStep,
    version: run.flowVersion.version,
    graph: run.flowVersion.graph as FlowGraph,
    steps: run.steps.map((s) => ({
      ...s,
      input: maskStepInput(s.input),
      nextAttemptAt: iso(s.nextAttemptAt),
      startedAt: iso(s.startedAt),
      finishedAt: iso(s.finishedAt),
    })),
    event: { ...run.event, receivedAt: run.event.receivedAt.toISOString() },
    replays: run.replays.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}

export type RunDetail = NonNullable<Awaited<ReturnType<typeof runDetailView>>>;
