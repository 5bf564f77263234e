import { db } from '../db';
import { webhookUrl } from './webhook-url';

// Flow lookups for the operator's CLI, which acts across workspaces (it runs
// with the database credentials). Nothing reachable from the web uses these.

export type AdminFlowRow = {
  id: string;
  workspaceId: string;
  name: string;
  status: 'draft' | 'live' | 'paused';
  webhookUrl: string;
};

/** Every flow of the given workspaces (all workspaces when `workspaceIds` is undefined), oldest first. */
export async function listFlowsForAdmin(workspaceIds?: string[]): Promise<AdminFlowRow[]> {
  const rows = await db.flow.findMany({
    where: workspaceIds ? { workspaceId: { in: workspaceIds } } : {},
    select: { id: true, workspaceId: true, name: true, status: true, token: true },
    orderBy: { id: 'asc' },
  });
  return rows.map(({ token, ...r }) => ({ ...r, webhookUrl: webhookUrl(token) }));
}

/** A flow by id, whatever its workspace. */
export async function findFlowForAdmin(id: string): Promise<{ id: string; workspaceId: string; name: string } | null> {
  return db.flow.findUnique({ where: { id }, select: { id: true, workspaceId: true, name: true } });
}

/** The workspaces a user belongs to (the CLI's `--email`). */
export async function workspacesOfUser(userId: string): Promise<string[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { workspaceId: true },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => r.workspaceId);
}

export async function workspaceExists(id: string): Promise<boolean> {
  return (await db.workspace.count({ where: { id } })) > 0;
}
