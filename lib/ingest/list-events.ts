import { z } from 'zod';
import { pageQuery } from '../api/pagination';
import { db } from '../db';
import { notFound } from '../errors';
import type { Prisma } from '../generated/prisma/client';
import { eventSelect, toEventViews } from './event-view';

export const eventStatuses = ['accepted', 'test', 'held', 'duplicate', 'refused', 'discarded'] as const;

export const listEventsQuery = pageQuery.extend({ status: z.enum(eventStatuses).optional() });
export type ListEventsQuery = z.infer<typeof listEventsQuery>;

/**
 * A flow's events, newest first. Ordered by (receivedAt, id) so the existing
 * (flowId, receivedAt) and (flowId, status, receivedAt) indexes serve every
 * page — no extra index to maintain on the hottest insert of the app. The
 * cursor is the last event's id, as for every other list.
 */
export async function listEvents(workspaceId: string, flowId: string, q: ListEventsQuery) {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  if (!flow) throw notFound('Flow');
  const where: Prisma.EventWhereInput = { workspaceId, flowId, ...(q.status ? { status: q.status } : {}) };
  if (q.cursor) {
    const after = await db.event.findFirst({
      where: { id: q.cursor, workspaceId, flowId },
      select: { receivedAt: true },
    });
    if (!after) return { items: [], nextCursor: null };
    where.OR = [{ receivedAt: { lt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { lt: q.cursor } }];
  }
  const rows = await db.event.findMany({
    where,
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: q.limit + 1,
    select: eventSelect,
  });
  const more = rows.length > q.limit;
  const items = await toEventViews(more ? rows.slice(0, q.limit) : rows);
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}
