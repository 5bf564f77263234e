import { db } from '../db';

/** Every user has a workspace; created at sign-up (and by the CLI). */
export async function ensureWorkspaceForUser(userId: string, name: string): Promise<string> {
  const existing = await db.membership.findFirst({
    where: { userId },
    select: { workspaceId: true },
    orderBy: { createdAt: 'asc' },
  });
  if (existing) return existing.workspaceId;
  const workspace = await db.workspace.create({
    data: {
      name: name ? `${name}'s workspace` : 'My workspace',
      memberships: { create: { userId, role: 'owner' } },
    },
    select: { id: true },
  });
  return workspace.id;
}
