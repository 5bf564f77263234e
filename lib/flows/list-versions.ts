import { db } from '../db';
import { notFound } from '../errors';

export async function listVersions(workspaceId: string, flowId: string) {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  if (!flow) throw notFound('Flow');
  const rows = await db.flowVersion.findMany({
    where: { flowId, workspaceId },
    select: { version: true, graph: true, createdAt: true },
    orderBy: { version: 'desc' },
  });
  return { items: rows.map((r) => ({ version: r.version, graph: r.graph, createdAt: r.createdAt.toISOString() })), nextCursor: null };
}
