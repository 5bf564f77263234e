import { db } from '../db';
import type { Role } from './roles';

// A person works in one workspace at a time: user.activeWorkspaceId when they
// are still a member there, else the first workspace they joined. Every user
// has one; created at sign-up (and by the CLI), or again here if they left all.

export type WorkspaceAccess = { workspaceId: string; role: Role };

export async function resolveWorkspace(
  userId: string,
  name: string,
  activeWorkspaceId?: string | null,
): Promise<WorkspaceAccess> {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { workspaceId: true, role: true },
    orderBy: { createdAt: 'asc' },
  });
  const active = memberships.find((m) => m.workspaceId === activeWorkspaceId) ?? memberships[0];
  if (active) return active;
  const workspace = await db.workspace.create({
    data: {
      name: name ? `${name}'s workspace` : 'My workspace',
      memberships: { create: { userId, role: 'owner' } },
    },
    select: { id: true },
  });
  return { workspaceId: workspace.id, role: 'owner' };
}

/** The workspace a user works in (created if they have none). */
export async function ensureWorkspaceForUser(userId: string, name: string): Promise<string> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { activeWorkspaceId: true } });
  return (await resolveWorkspace(userId, name, user?.activeWorkspaceId)).workspaceId;
}

/** The role of a user in a workspace, or null when not a member. */
export async function roleIn(userId: string, workspaceId: string): Promise<Role | null> {
  const m = await db.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { role: true },
  });
  return m?.role ?? null;
}
