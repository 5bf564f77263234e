import { db, Prisma } from '../db';
import { SEARCH_MAX } from './body-search';
import { runFilterSql, type RunFilter } from './run-filter';
import { runStatuses, type RunStatusValue } from './run-statuses';
import { isUuid } from '../db/is-uuid';

// Rows for the runs lists (one flow or all flows): status, timing and a short
// trigger summary (the email or name from the event body), read with one query
// that extracts only those fields from the body instead of loading it whole.

export { runStatuses, type RunStatusValue } from './run-statuses';

export type RunRow = {
  id: string;
  flowId: string;
  flowName: string;
  status: RunStatusValue;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  replayOfId: string | null;
  /** How many runs replay this one (the runs list marks it). */
  replayCount: number;
  error: string | null;
  source: string;
  summary: string | null;
};

type Raw = Omit<RunRow, 'createdAt' | 'startedAt' | 'finishedAt'> & {
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export type RunRowsQuery = {
  flowId?: string;
  status?: RunStatusValue;
  since?: string;
  until?: string;
  search?: string;
  cursor?: string;
  limit?: number;
};

const isoOrUndefined = (v: unknown) =>
  typeof v === 'string' && v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined;

/** The page's filter as it may arrive from a browser: anything malformed is dropped, never trusted. */
export function cleanRunFilter(q: Omit<RunRowsQuery, 'cursor' | 'limit'>): RunFilter | null {
  if (q.flowId && (typeof q.flowId !== 'string' || !isUuid(q.flowId))) return null;
  return {
    flowId: q.flowId || undefined,
    status: q.status && runStatuses.includes(q.status) ? q.status : undefined,
    since: isoOrUndefined(q.since),
    until: isoOrUndefined(q.until),
    search: typeof q.search === 'string' ? q.search.trim().slice(0, SEARCH_MAX) || undefined : undefined,
  };
}

export async function listRunRows(
  workspaceId: string,
  q: RunRowsQuery = {},
): Promise<{ items: RunRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
  const filter = cleanRunFilter(q);
  if (!filter || (q.cursor && !isUuid(q.cursor))) return { items: [], nextCursor: null };
  const rows = await db.$queryRaw<Raw[]>`
    SELECT r.id::text, r."flowId"::text AS "flowId", f.name AS "flowName", r.status::text AS status,
           r."createdAt", r."startedAt", r."finishedAt", r."replayOfId"::text AS "replayOfId",
           (SELECT count(*)::int FROM run x WHERE x."replayOfId" = r.id) AS "replayCount",
           left(r.error, 300) AS error, e.source,
           left(coalesce(
             e.body->>'email', e.body->>'Email', e.body->>'email_address', e.body->>'name', e.body->>'Name',
             e.query->>'email', e.body #>> '{data,email}', e.body #>> '{customer,email}'
           ), 200) AS summary
    FROM run r
    JOIN event e ON e.id = r."eventId"
    JOIN flow f ON f.id = r."flowId"
    WHERE ${runFilterSql(workspaceId, filter)}
      ${q.cursor ? Prisma.sql`AND r.id < ${q.cursor}::uuid` : Prisma.empty}
    ORDER BY r.id DESC
    LIMIT ${limit + 1}`;
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}
