import { z } from 'zod';
import { Prisma } from '../db';
import { bodyMatches, SEARCH_MAX } from './body-search';
import { runStatuses } from './run-statuses';

// The runs page's filter — flow, status, time range, search in the event body —
// as one schema and one SQL condition, shared by the list, its count ("all N
// matching") and the bulk replay job that acts on the same set.

const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const runFilterInput = z.object({
  flowId: z.uuid({ message: 'must be a flow id' }).optional(),
  status: z.enum(runStatuses).optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  search: z.string().trim().max(SEARCH_MAX, `at most ${SEARCH_MAX} characters`).optional(),
});

export type RunFilter = z.infer<typeof runFilterInput>;

/**
 * The filter's conditions on `run r`, ANDed after a workspace condition. With a
 * search, the query must join `event e` on the run's event.
 */
export function runFilterSql(workspaceId: string, f: RunFilter): Prisma.Sql {
  const search = f.search?.trim();
  return Prisma.sql`r."workspaceId" = ${workspaceId}::uuid
    ${f.flowId ? Prisma.sql`AND r."flowId" = ${f.flowId}::uuid` : Prisma.empty}
    ${f.status ? Prisma.sql`AND r.status = ${f.status}::"RunStatus"` : Prisma.empty}
    ${f.since ? Prisma.sql`AND r."createdAt" >= ${new Date(f.since)}` : Prisma.empty}
    ${f.until ? Prisma.sql`AND r."createdAt" < ${new Date(f.until)}` : Prisma.empty}
    ${search ? Prisma.sql`AND e."workspaceId" = ${workspaceId}::uuid AND ${bodyMatches(search)}` : Prisma.empty}`;
}

/** The `FROM` of a filtered runs query: the event is joined only when the body is searched. */
export const runFilterFrom = (f: RunFilter) =>
  f.search?.trim() ? Prisma.sql`run r JOIN event e ON e.id = r."eventId"` : Prisma.sql`run r`;
