import { db } from '../db';
import { notFound } from '../errors';
import { connectionSelect, toConnectionView, type ConnectionView } from './connection-view';

export async function getConnection(workspaceId: string, id: string): Promise<ConnectionView> {
  const row = await db.connection.findFirst({ where: { id, workspaceId }, select: connectionSelect });
  if (!row) throw notFound('Connection');
  return toConnectionView(row);
}
