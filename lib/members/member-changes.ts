import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { atLeast, type Role } from '../auth/roles';
import { db, type Prisma } from '../db';
import { AppError, notFound } from '../errors';

// Role changes, removal, leaving and ownership transfer. Each runs in one
// transaction that first locks the workspace row, so two owners demoting each
// other at the same moment cannot leave a workspace without an owner: the
// second one sees the first's change and is refused.

type Tx = Prisma.TransactionClient;

const LAST_OWNER = 'A workspace needs at least one owner: make another member owner first (or transfer ownership).';

async function lockWorkspace(tx: Tx, workspaceId: string) {
  await tx.$queryRaw`SELECT id FROM workspace WHERE id = ${workspaceId}::uuid FOR UPDATE`;
}

async function memberIn(tx: Tx, workspaceId: string, id: string) {
  const m = await tx.membership.findFirst({
    where: { id, workspaceId },
    select: { id: true, userId: true, role: true, user: { select: { email: true } } },
  });
  if (!m) throw notFound('Member');
  return m;
}

async function ownerCount(tx: Tx, workspaceId: string) {
  return tx.membership.count({ where: { workspaceId, role: 'owner' } });
}

export async function changeRole(workspaceId: string, memberId: string, role: Role, audit?: AuditCtx) {
  return db.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const m = await memberIn(tx, workspaceId, memberId);
    if (m.role === role) return { id: m.id, role };
    if (m.role === 'owner' && (await ownerCount(tx, workspaceId)) <= 1) throw new AppError('conflict', LAST_OWNER);
    await tx.membership.update({ where: { id: m.id }, data: { role }, select: { id: true } });
    await recordAudit(tx, workspaceId, audit, {
      action: 'member.role_change',
      targetType: 'member',
      targetId: m.id,
      detail: { email: m.user.email, from: m.role, to: role },
    });
    return { id: m.id, role };
  });
}

/**
 * Removes a member; removing yourself is leaving, which any role may do. Their
 * API keys stop working with it (a key acts with its creator's membership).
 */
export async function removeMember(
  workspaceId: string,
  memberId: string,
  caller: { userId: string | null; role: Role },
  audit?: AuditCtx,
): Promise<{ left: boolean }> {
  return db.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const m = await memberIn(tx, workspaceId, memberId);
    const leaving = m.userId === caller.userId;
    if (!leaving && !atLeast(caller.role, 'owner')) {
      throw new AppError('forbidden', 'Only a workspace owner can remove other members.');
    }
    if (m.role === 'owner' && (await ownerCount(tx, workspaceId)) <= 1) throw new AppError('conflict', LAST_OWNER);
    await tx.membership.delete({ where: { id: m.id }, select: { id: true } });
    await recordAudit(tx, workspaceId, audit, {
      action: leaving ? 'member.leave' : 'member.remove',
      targetType: 'member',
      targetId: m.id,
      detail: { email: m.user.email, role: m.role },
    });
    return { left: leaving };
  });
}

/** Makes another member the owner and the caller an editor. */
export async function transferOwnership(workspaceId: string, memberId: string, callerUserId: string, audit?: AuditCtx) {
  return db.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    const target = await memberIn(tx, workspaceId, memberId);
    if (target.userId === callerUserId) throw new AppError('bad_request', 'You already own this workspace.');
    const me = await tx.membership.findUnique({
      where: { userId_workspaceId: { userId: callerUserId, workspaceId } },
      select: { id: true, role: true },
    });
    if (me?.role !== 'owner') throw new AppError('forbidden', 'Only a workspace owner can transfer ownership.');
    await tx.membership.update({ where: { id: target.id }, data: { role: 'owner' }, select: { id: true } });
    await tx.membership.update({ where: { id: me.id }, data: { role: 'editor' }, select: { id: true } });
    await recordAudit(tx, workspaceId, audit, {
      action: 'member.transfer',
      targetType: 'member',
      targetId: target.id,
      detail: { email: target.user.email, from: target.role, previousOwnerRole: 'editor' },
    });
    return { id: target.id, role: 'owner' as const };
  });
}
