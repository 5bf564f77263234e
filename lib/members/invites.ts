import { createHash, randomBytes } from 'node:crypto';
import { recordAudit, type AuditCtx } from '../audit/record-audit';
import type { Role } from '../auth/roles';
import { db } from '../db';
import { env } from '../env';
import { AppError, notFound } from '../errors';
import { instanceMailConfigured, sendInstanceMail } from '../mail/instance-mail';
import type { InviteInput } from './member-input';

// Invites: a link with 32 random bytes, stored as SHA-256 (like API keys), bound
// to one email address, single use, valid for INVITE_DAYS. The link is always
// answered to the inviter, so inviting works without SMTP; with SMTP_URL it is
// also mailed. A new invite to the same address replaces a pending one.

export const INVITE_DAYS = 7;

export const hashInviteToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const inviteUrl = (token: string) => `${env().APP_URL}/invite/${token}`;

export type InviteItem = { id: string; email: string; role: Role; createdAt: string; expiresAt: string };

const inviteSelect = { id: true, email: true, role: true, createdAt: true, expiresAt: true } as const;

const view = (r: { id: string; email: string; role: Role; createdAt: Date; expiresAt: Date }): InviteItem => ({
  id: r.id,
  email: r.email,
  role: r.role,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
});

export async function createInvite(
  workspaceId: string,
  input: InviteInput,
  invitedById: string | null,
  audit?: AuditCtx,
): Promise<{ invite: InviteItem; inviteUrl: string; mailed: boolean }> {
  const token = randomBytes(32).toString('base64url');
  const { invite, workspaceName, inviter } = await db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({
      where: { workspaceId, user: { email: input.email } },
      select: { id: true },
    });
    if (member) throw new AppError('conflict', `${input.email} is already a member of this workspace.`);
    const now = new Date();
    await tx.invite.updateMany({
      where: { workspaceId, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const invite = await tx.invite.create({
      data: {
        workspaceId,
        email: input.email,
        role: input.role,
        tokenHash: hashInviteToken(token),
        invitedById,
        expiresAt: new Date(now.getTime() + INVITE_DAYS * 24 * 3600 * 1000),
      },
      select: inviteSelect,
    });
    await recordAudit(tx, workspaceId, audit, {
      action: 'member.invite',
      targetType: 'invite',
      targetId: invite.id,
      detail: { email: invite.email, role: invite.role },
    });
    const ws = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { name: true } });
    const inviter = invitedById
      ? await tx.user.findUnique({ where: { id: invitedById }, select: { name: true } })
      : null;
    return { invite, workspaceName: ws.name, inviter };
  });
  const url = inviteUrl(token);
  // Without SMTP_URL the link is only answered to the inviter (not written to the log).
  let mailed = false;
  if (instanceMailConfigured()) {
    mailed = await sendInstanceMail({
      to: invite.email,
      subject: `You are invited to ${workspaceName} on Switchboard`,
      text: `${inviter?.name ?? 'A workspace owner'} invited you to join "${workspaceName}" on Switchboard as ${invite.role}.\n\nOpen this link within ${INVITE_DAYS} days to sign up or sign in and join:\n${url}\n\nIf you did not expect this, ignore this message.`,
    }).catch(() => false);
  }
  return { invite: view(invite), inviteUrl: url, mailed };
}

/** Invites not yet accepted, revoked or expired, newest first. */
export async function listPendingInvites(workspaceId: string): Promise<InviteItem[]> {
  const rows = await db.invite.findMany({
    where: { workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: inviteSelect,
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(view);
}

export async function revokeInvite(workspaceId: string, id: string, audit?: AuditCtx): Promise<void> {
  await db.$transaction(async (tx) => {
    const invite = await tx.invite.findFirst({
      where: { id, workspaceId, acceptedAt: null, revokedAt: null },
      select: { email: true, role: true },
    });
    if (!invite) throw notFound('Invite');
    await tx.invite.update({ where: { id }, data: { revokedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, workspaceId, audit, {
      action: 'member.invite_revoke',
      targetType: 'invite',
      targetId: id,
      detail: { email: invite.email, role: invite.role },
    });
  });
}

export type InviteState = 'valid' | 'expired' | 'used' | 'revoked';

/** What the invite page shows for a token, or null when no invite has it. */
export async function inviteByToken(token: string) {
  const row = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: {
      id: true,
      email: true,
      role: true,
      workspaceId: true,
      acceptedAt: true,
      revokedAt: true,
      expiresAt: true,
      workspace: { select: { name: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!row) return null;
  const state: InviteState = row.acceptedAt
    ? 'used'
    : row.revokedAt
      ? 'revoked'
      : row.expiresAt.getTime() <= Date.now()
        ? 'expired'
        : 'valid';
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    workspaceId: row.workspaceId,
    workspaceName: row.workspace.name,
    inviterName: row.invitedBy?.name ?? null,
    state,
  };
}

export const inviteStateMessage: Record<Exclude<InviteState, 'valid'>, string> = {
  expired: 'This invite has expired: ask the workspace owner for a new one.',
  used: 'This invite has already been used: each invite link works once. Ask the workspace owner for a new one.',
  revoked: 'This invite was withdrawn or replaced by a newer one: ask the workspace owner for a new link.',
};
