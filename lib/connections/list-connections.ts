import { z } from 'zod';
import { pageArgs, pageQuery, toPage } from '../api/pagination';
import { db } from '../db';
import { connectionSelect, toConnectionView } from './connection-view';

/** GET /connections: the route and its OpenAPI operation share it. */
export const listConnectionsQuery = pageQuery.extend({ type: z.string().optional() });

export async function listConnections(workspaceId: string, q: z.output<typeof listConnectionsQuery>) {
  const { where, ...args } = pageArgs(q);
  const rows = await db.connection.findMany({
    ...args,
    where: { ...where, workspaceId, ...(q.type ? { type: q.type } : {}) },
    select: connectionSelect,
  });
  return toPage(rows, q, toConnectionView);
}
