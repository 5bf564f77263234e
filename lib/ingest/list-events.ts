import { z } from 'zod';
import { pageArgs, pageQuery, toPage } from '../api/pagination';
import { db } from '../db';
import { notFound } from '../errors';
import { eventSelect, toEventView } from './event-view';

export const eventStatuses = ['accepted', 'test', 'held', 'duplicate', 'refused', 'discarded'] as const;

export const listEventsQuery = pageQuery.extend({ status: z.enum(eventStatuses).optional() });
export type ListEventsQuery = z.infer<typeof listEventsQuery>;

/** A flow's events, newest first (cursor pagination on the time-ordered id). */
export async function listEvents(workspaceId: string, flowId: string, q: ListEventsQuery) {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  if (!flow) throw notFound('Flow');
  const { where, ...args } = pageArgs(q);
  const rows = await db.event.findMany({
    ...args,
    where: { ...where, workspaceId, flowId, ...(q.status ? { status: q.status } : {}) },
    select: eventSelect,
  });
  return toPage(rows, q, toEventView);
}
