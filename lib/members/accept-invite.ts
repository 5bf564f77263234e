import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { db } from '../db';
import { AppError } from '../errors';
import { hashInviteToken, inviteStateMessage } from './invites';

// Joining through an invite link: the signed-in person's email must be the one
// invited. The invite is claimed with one conditional UPDATE (not used, not
// withdrawn, not expired), so a link followed twice at once joins once; the
// membership, the claim and the audit entry commit together or not at all.
// The joined workspace becomes the person's active one.

export const INVALID_INVITE = 'This invite link is not valid: check that you copied all of it, or ask for a new one.';

export async function acceptInvite(
  token: string,
  user: { id: string; email: string },
  audit?: AuditCtx,
): Promise<{ workspaceId: string; role: string; memberId: string }> {
  return db.$transaction(async (tx) => {
    const invite = await tx.invite.findUnique({
      where: { tokenHash: hashInviteToken(token) },
      select: {
        id: true,
        workspaceId: true,
        email: true,
        role: true,
        acceptedAt: true,
        revokedAt: true,
        expiresAt: true,
      },
    });
    if (!invite) throw new AppError('not_found', INVALID_INVITE);
    if (invite.acceptedAt) throw new AppError('gone', inviteStateMessage.used);
    if (invite.revokedAt) throw new AppError('gone', inviteStateMessage.revoked);
    if (invite.expiresAt.getTime() <= Date.now()) throw new AppError('gone', inviteStateMessage.expired);
    if (invite.email !== user.email.trim().toLowerCase()) {
      throw new AppError(
        'forbidden',
        `This invite is for ${invite.email}, and you are signed in as ${user.email}. Sign out, then sign in or sign up as ${invite.email}.`,
      );
    }
    const existing = await tx.membership.findUnique({
      where: { userId_workspaceId: { userId: user.id, workspaceId: invite.workspaceId } },
      select: { id: true },
    });
    if (existing) throw new AppError('conflict', 'You are already a member of this workspace.');
    const now = new Date();
    const claimed = await tx.invite.updateMany({
      where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, acceptedById: user.id },
    });
    if (claimed.count !== 1) throw new AppError('gone', inviteStateMessage.used);
    const member = await tx.membership.create({
      data: { workspaceId: invite.workspaceId, userId: user.id, role: invite.role },
      select: { id: true },
    });
    await tx.user.update({
      where: { id: user.id },
      data: { activeWorkspaceId: invite.workspaceId },
      select: { id: true },
    });
    await recordAudit(tx, invite.workspaceId, audit, {
      action: 'member.join',
      targetType: 'member',
      targetId: member.id,
      detail: { email: invite.email, role: invite.role, inviteId: invite.id },
    });
    return { workspaceId: invite.workspaceId, role: invite.role, memberId: member.id };
  });
}
