import type { Role } from '../auth/roles';
import { db } from '../db';

export type MemberItem = { id: string; userId: string; name: string; email: string; role: Role; joinedAt: string };

/** A workspace's members, owners first, then by joining date. */
export async function listMembers(workspaceId: string): Promise<MemberItem[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    select: { id: true, userId: true, role: true, createdAt: true, user: { select: { name: true, email: true } } },
    orderBy: [{ createdAt: 'asc' }],
  });
  const rank = { owner: 0, editor: 1, viewer: 2 } as const;
  return rows
    .map((r) => ({
      id: r.id,
      userId: r.userId,
      name: r.user.name,
      email: r.user.email,
      role: r.role,
      joinedAt: r.createdAt.toISOString(),
    }))
    .sort((a, b) => rank[a.role] - rank[b.role]);
}
