import { pageArgs, toPage, type PageQuery } from '../api/pagination';
import { db } from '../db';

export type AuditLogItem = {
  id: string;
  at: string;
  actor: { type: string; id: string; name: string };
  action: string;
  target: { type: string; id: string | null };
  detail: unknown;
  ip: string | null;
};

/** The workspace's audit entries, newest first, by cursor. */
export async function listAuditLog(workspaceId: string, q: PageQuery) {
  const args = pageArgs(q);
  const rows = await db.auditLog.findMany({ ...args, where: { ...args.where, workspaceId } });
  return toPage(rows, q, (r): AuditLogItem => ({
    id: r.id,
    at: r.createdAt.toISOString(),
    actor: { type: r.actorType, id: r.actorId, name: r.actorName },
    action: r.action,
    target: { type: r.targetType, id: r.targetId },
    detail: r.detail,
    ip: r.ip,
  }));
}
