import { db } from '../db';

/** The id of the flow's live (published) version, or null when it was never published or is not the workspace's. */
export async function publishedVersionId(workspaceId: string, flowId: string): Promise<string | null> {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { publishedVersion: true } });
  if (flow?.publishedVersion == null) return null;
  const version = await db.flowVersion.findFirst({
    where: { flowId, version: flow.publishedVersion },
    select: { id: true },
  });
  return version?.id ?? null;
}
