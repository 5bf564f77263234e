import { db, Prisma } from '../db';

// The audit log: who changed what, when, from where. Routes get an AuditCtx
// from apiRoute (lib/api/handler.ts) and pass it to the change, which records
// the entry with `recordAudit(tx, ...)` inside its own transaction, so a
// change that fails leaves no entry. Details must never hold secrets.

/** The authenticated caller, as apiRoute resolves it (kept structural to avoid an import cycle). */
type ActorLike = { kind: 'apiKey'; keyId: string } | { kind: 'session'; userId: string };

export type AuditCtx = { actor: ActorLike; ip: string | null };

export type AuditAction =
  | 'flow.publish'
  | 'flow.pause'
  | 'flow.resume'
  | 'flow.restore'
  | 'flow.discard_draft'
  | 'flow.rotate_token'
  | 'flow.alerts_update'
  | 'flow.held_discard'
  | 'run.replay'
  | 'run.bulk_replay'
  | 'event.edit_replay'
  | 'connection.create'
  | 'connection.update'
  | 'connection.delete'
  | 'contact.delete'
  | 'api_key.create'
  | 'api_key.revoke'
  | 'member.invite'
  | 'member.invite_revoke'
  | 'member.join'
  | 'member.role_change'
  | 'member.remove'
  | 'member.leave'
  | 'member.transfer';

export type AuditEntry = {
  action: AuditAction;
  targetType: 'flow' | 'run' | 'connection' | 'contact' | 'api_key' | 'member' | 'invite';
  targetId?: string | null;
  detail?: Record<string, string | number | boolean | null | string[]>;
};

type Tx = Prisma.TransactionClient;

/**
 * The client's address: web/main.ts leaves X-Forwarded-For as the proxy's
 * when TRUST_PROXY is set and replaces it with the socket's address when not,
 * so its first entry is the address sign-in's rate limit sees too.
 */
export function clientAddress(req: Request): string | null {
  return req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || null;
}

export function auditContext(req: Request, actor: ActorLike): AuditCtx {
  return { actor, ip: clientAddress(req) };
}

/** Publisher columns of a FlowVersion for this actor. */
export function publisherOf(ctx: AuditCtx | undefined) {
  if (!ctx) return {};
  return ctx.actor.kind === 'session' ? { publishedById: ctx.actor.userId } : { publishedByKeyId: ctx.actor.keyId };
}

async function actorFields(tx: Tx, actor: ActorLike) {
  if (actor.kind === 'session') {
    const user = await tx.user.findUnique({ where: { id: actor.userId }, select: { name: true, email: true } });
    return {
      actorType: 'user',
      actorId: actor.userId,
      actorName: user ? `${user.name} <${user.email}>` : 'deleted user',
    };
  }
  const key = await tx.apiKey.findUnique({ where: { id: actor.keyId }, select: { name: true, prefix: true } });
  return {
    actorType: 'apiKey',
    actorId: actor.keyId,
    actorName: key ? `API key "${key.name}" (${key.prefix}…)` : 'deleted API key',
  };
}

/** Records one entry; pass the transaction of the change. Without a context (internal callers) it records nothing. */
export async function recordAudit(
  tx: Tx,
  workspaceId: string,
  ctx: AuditCtx | undefined,
  entry: AuditEntry,
): Promise<void> {
  if (!ctx) return;
  await tx.auditLog.create({
    data: {
      workspaceId,
      ...(await actorFields(tx, ctx.actor)),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      detail: (entry.detail ?? {}) as Prisma.InputJsonValue,
      ip: ctx.ip,
    },
  });
}

/** For a change that is not ours to wrap in a transaction (replays): recorded right after it succeeded. */
export function recordAuditAfter(workspaceId: string, ctx: AuditCtx, entry: AuditEntry): Promise<void> {
  return recordAudit(db as unknown as Tx, workspaceId, ctx, entry);
}
