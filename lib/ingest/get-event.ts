import { db } from '../db';
import { notFound } from '../errors';
import { eventSelect, toEventView, type EventView } from './event-view';

export async function getEvent(workspaceId: string, id: string): Promise<EventView> {
  const row = await db.event.findFirst({ where: { id, workspaceId }, select: eventSelect });
  if (!row) throw notFound('Event');
  return toEventView(row);
}
