import type { Role } from '../auth/roles';
import { db } from '../db';
import { notFound } from '../errors';

// The workspaces a person belongs to, and switching between them.

export async function listMyWorkspaces(userId: string): Promise<{ id: string; name: string; role: Role }[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, workspace: { select: { id: true, name: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => ({ ...r.workspace, role: r.role }));
}

/** Makes a workspace the person's active one; only one they are a member of. */
export async function switchWorkspace(userId: string, workspaceId: string): Promise<void> {
  const member = await db.membership.findFirst({ where: { userId, workspaceId }, select: { id: true } });
  if (!member) throw notFound('Workspace');
  await db.user.update({ where: { id: userId }, data: { activeWorkspaceId: workspaceId }, select: { id: true } });
}
