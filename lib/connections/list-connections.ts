import { pageArgs, toPage, type PageQuery } from '../api/pagination';
import { db } from '../db';
import { connectionSelect, toConnectionView } from './connection-view';

export async function listConnections(workspaceId: string, q: PageQuery & { type?: string }) {
  const { where, ...args } = pageArgs(q);
  const rows = await db.connection.findMany({
    ...args,
    where: { ...where, workspaceId, ...(q.type ? { type: q.type } : {}) },
    select: connectionSelect,
  });
  return toPage(rows, q, toConnectionView);
}
