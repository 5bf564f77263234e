import { z } from 'zod';
import { pageQuery } from '../api/pagination';
import { db, Prisma } from '../db';
import { notFound } from '../errors';
import { iso } from '../db/iso';
import { runFilterInput, runFilterSql } from './run-filter';
import type { RunStatusValue } from './run-statuses';

// The runs lists — one flow's runs or all runs of the workspace, newest first
// (UUIDv7 ids) — for the REST API and the runs pages alike: filtered by
// status and start time (since, until), searched in the event body's text
// (body-search.ts). One query reads each run with what the list shows: its
// flow's name, the event's source and a short trigger summary (the email or
// name from the body, extracted in SQL instead of loading the body whole) and
// how many runs replay it.

export const runsQuery = pageQuery.extend(runFilterInput.omit({ flowId: true }).shape);
export const allRunsQuery = runsQuery.extend({ flowId: runFilterInput.shape.flowId });

export type RunsQuery = z.output<typeof allRunsQuery>;

export type RunListItem = {
  id: string;
  flowId: string;
  flowName: string;
  eventId: string;
  status: RunStatusValue;
  replayOf: string | null;
  /** How many runs replay this one (the runs list marks it). */
  replayCount: number;
  error: string | null;
  /** The event's source: `webhook`, `backup-check`, … */
  source: string;
  /** The email or name the trigger's body names, if any. */
  summary: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

type Raw = Omit<RunListItem, 'nextAttemptAt' | 'createdAt' | 'startedAt' | 'finishedAt'> & {
  nextAttemptAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

/** One page of runs (exported for the test that EXPLAINs a search). */
export function runListSql(
  workspaceId: string,
  q: Pick<RunsQuery, 'cursor' | 'limit'> & z.output<typeof runFilterInput>,
) {
  return Prisma.sql`
    SELECT r.id::text, r."flowId"::text AS "flowId", f.name AS "flowName", r."eventId"::text AS "eventId",
           r.status::text AS status, r."replayOfId"::text AS "replayOf",
           (SELECT count(*)::int FROM run x WHERE x."replayOfId" = r.id) AS "replayCount",
           r.error, e.source,
           left(coalesce(
             e.body->>'email', e.body->>'Email', e.body->>'email_address', e.body->>'name', e.body->>'Name',
             e.query->>'email', e.body #>> '{data,email}', e.body #>> '{customer,email}'
           ), 200) AS summary,
           r."nextAttemptAt", r."createdAt", r."startedAt", r."finishedAt"
    FROM run r
    JOIN event e ON e.id = r."eventId"
    JOIN flow f ON f.id = r."flowId"
    WHERE ${runFilterSql(workspaceId, q)}
      ${q.cursor ? Prisma.sql`AND r.id < ${q.cursor}::uuid` : Prisma.empty}
    ORDER BY r.id DESC
    LIMIT ${q.limit + 1}`;
}

export async function listRuns(
  workspaceId: string,
  q: RunsQuery,
): Promise<{ items: RunListItem[]; nextCursor: string | null }> {
  const rows = await db.$queryRaw<Raw[]>(runListSql(workspaceId, q));
  const more = rows.length > q.limit;
  const items = (more ? rows.slice(0, q.limit) : rows).map((r) => ({
    ...r,
    nextAttemptAt: iso(r.nextAttemptAt),
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  }));
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}

export async function listFlowRuns(workspaceId: string, flowId: string, q: Omit<RunsQuery, 'flowId'>) {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  if (!flow) throw notFound('Flow');
  return listRuns(workspaceId, { ...q, flowId });
}
