import { db } from '../db';
import type { FlowGraph } from './graph';

/** The graph of the flow's live (latest published) version, or null when it was never published or is not the workspace's. */
export async function liveGraph(workspaceId: string, flowId: string, publishedVersion: number | null) {
  if (publishedVersion === null) return null;
  const row = await db.flowVersion.findFirst({
    where: { flowId, workspaceId, version: publishedVersion },
    select: { graph: true },
  });
  return (row?.graph as FlowGraph | undefined) ?? null;
}
