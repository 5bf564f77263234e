import { z } from 'zod';
import { pageArgs, pageQuery, toPage } from '../api/pagination';
import { db } from '../db';
import { notFound } from '../errors';
import { runStatuses } from './run-list-rows';

// The runs lists of the REST API: one flow's runs, or all runs of the
// workspace, newest first (UUIDv7 ids), filtered by status and start time.

export const runsQuery = pageQuery.extend({
  status: z.enum(runStatuses).optional(),
  since: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
});
export const allRunsQuery = runsQuery.extend({ flowId: z.uuid({ message: 'must be a flow id' }).optional() });

export type RunsQuery = z.infer<typeof allRunsQuery>;

const runSelect = {
  id: true,
  flowId: true,
  eventId: true,
  status: true,
  replayOfId: true,
  error: true,
  nextAttemptAt: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

type RunRow = { [K in keyof typeof runSelect]: unknown } & {
  id: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  nextAttemptAt: Date | null;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toRunSummary = (r: RunRow) => ({
  id: r.id,
  flowId: r.flowId as string,
  eventId: r.eventId as string,
  status: r.status as string,
  replayOf: r.replayOfId as string | null,
  error: r.error as string | null,
  nextAttemptAt: iso(r.nextAttemptAt),
  createdAt: r.createdAt.toISOString(),
  startedAt: iso(r.startedAt),
  finishedAt: iso(r.finishedAt),
});

export async function listRuns(workspaceId: string, q: RunsQuery) {
  const { where, ...args } = pageArgs(q);
  const rows = await db.run.findMany({
    ...args,
    where: {
      ...where,
      workspaceId,
      ...(q.flowId ? { flowId: q.flowId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.since ? { createdAt: { gte: new Date(q.since) } } : {}),
    },
    select: runSelect,
  });
  return toPage(rows as RunRow[], q, toRunSummary);
}

export async function listFlowRuns(workspaceId: string, flowId: string, q: Omit<RunsQuery, 'flowId'>) {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  if (!flow) throw notFound('Flow');
  return listRuns(workspaceId, { ...q, flowId });
}
