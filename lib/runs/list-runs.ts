import { z } from 'zod';
import { pageArgs, pageQuery, toPage } from '../api/pagination';
import { db, Prisma } from '../db';
import { notFound } from '../errors';
import { bodyMatches, SEARCH_MAX } from './body-search';
import { runStatuses } from './run-list-rows';
import { iso } from '../db/iso';

// The runs lists of the REST API: one flow's runs, or all runs of the
// workspace, newest first (UUIDv7 ids), filtered by status and start time (since, until),
// and searched in the event body's text (body-search.ts).

export const runsQuery = pageQuery.extend({
  status: z.enum(runStatuses).optional(),
  since: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  until: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  search: z.string().trim().max(SEARCH_MAX, `at most ${SEARCH_MAX} characters`).optional(),
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
  if (q.search) return searchRuns(workspaceId, { ...q, search: q.search });
  const { where, ...args } = pageArgs(q);
  const rows = await db.run.findMany({
    ...args,
    where: {
      ...where,
      workspaceId,
      ...(q.flowId ? { flowId: q.flowId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.since || q.until
        ? {
            createdAt: {
              ...(q.since ? { gte: new Date(q.since) } : {}),
              ...(q.until ? { lt: new Date(q.until) } : {}),
            },
          }
        : {}),
    },
    select: runSelect,
  });
  return toPage(rows as RunRow[], q, toRunSummary);
}

/** One page of the runs whose event body contains the term: ids by SQL (the trigram index), then the rows. */
async function searchRuns(workspaceId: string, q: RunsQuery & { search: string }) {
  const ids = await db.$queryRaw<{ id: string }[]>(searchRunIdsSql(workspaceId, q));
  const rows = ids.length
    ? await db.run.findMany({
        where: { id: { in: ids.map((r) => r.id) }, workspaceId },
        orderBy: { id: 'desc' },
        select: runSelect,
      })
    : [];
  return toPage(rows as RunRow[], q, toRunSummary);
}

/** The ids of one page of search results (exported for the test that EXPLAINs it). */
export function searchRunIdsSql(workspaceId: string, q: RunsQuery & { search: string }): Prisma.Sql {
  return Prisma.sql`
    SELECT r.id::text FROM run r JOIN event e ON e.id = r."eventId"
    WHERE r."workspaceId" = ${workspaceId}::uuid AND e."workspaceId" = ${workspaceId}::uuid AND ${bodyMatches(q.search)}
      ${q.flowId ? Prisma.sql`AND r."flowId" = ${q.flowId}::uuid` : Prisma.empty}
      ${q.status ? Prisma.sql`AND r.status = ${q.status}::"RunStatus"` : Prisma.empty}
      ${q.since ? Prisma.sql`AND r."createdAt" >= ${new Date(q.since)}` : Prisma.empty}
      ${q.until ? Prisma.sql`AND r."createdAt" < ${new Date(q.until)}` : Prisma.empty}
      ${q.cursor ? Prisma.sql`AND r.id < ${q.cursor}::uuid` : Prisma.empty}
    ORDER BY r.id DESC
    LIMIT ${q.limit + 1}`;
}

export async function listFlowRuns(workspaceId: string, flowId: string, q: Omit<RunsQuery, 'flowId'>) {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  if (!flow) throw notFound('Flow');
  return listRuns(workspaceId, { ...q, flowId });
}
