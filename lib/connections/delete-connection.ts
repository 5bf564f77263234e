import { db } from '../db';
import { notFound } from '../errors';

/** Steps still pointing at it then fail with "Connection not found". */
export async function deleteConnection(workspaceId: string, id: string): Promise<void> {
  const { count } = await db.connection.deleteMany({ where: { id, workspaceId } });
  if (!count) throw notFound('Connection');
}
