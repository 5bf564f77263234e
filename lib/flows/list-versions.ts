import { db } from '../db';
import { notFound } from '../errors';

export type VersionPublisher =
  { type: 'user'; id: string; name: string; email: string } | { type: 'apiKey'; id: string; name: string } | null;

/** A flow's published versions, newest first, with who published each and when. */
export async function listVersions(workspaceId: string, flowId: string) {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  if (!flow) throw notFound('Flow');
  const rows = await db.flowVersion.findMany({
    where: { flowId, workspaceId },
    select: {
      version: true,
      graph: true,
      createdAt: true,
      publishedBy: { select: { id: true, name: true, email: true } },
      publishedByKey: { select: { id: true, name: true } },
    },
    orderBy: { version: 'desc' },
  });
  return {
    items: rows.map((r) => {
      const publishedBy: VersionPublisher = r.publishedBy
        ? { type: 'user', ...r.publishedBy }
        : r.publishedByKey
          ? { type: 'apiKey', ...r.publishedByKey }
          : null;
      const at = r.createdAt.toISOString();
      return { version: r.version, graph: r.graph, createdAt: at, publishedAt: at, publishedBy };
    }),
    nextCursor: null,
  };
}
