import { db } from '../db';
import { notFound } from '../errors';
import { eventSelect, toEventViews, type EventView } from './event-view';

export async function getEvent(workspaceId: string, id: string): Promise<EventView> {
  const row = await db.event.findFirst({ where: { id, workspaceId }, select: eventSelect });
  if (!row) throw notFound('Event');
  return (await toEventViews([row]))[0]!;
}
