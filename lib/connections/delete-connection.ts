import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { db } from '../db';
import { notFound } from '../errors';

/** Steps still pointing at it then fail with "Connection not found". */
export async function deleteConnection(workspaceId: string, id: string, audit?: AuditCtx): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.connection.findFirst({ where: { id, workspaceId }, select: { name: true, type: true } });
    const { count } = await tx.connection.deleteMany({ where: { id, workspaceId } });
    if (!count || !row) throw notFound('Connection');
    await recordAudit(tx, workspaceId, audit, {
      action: 'connection.delete',
      targetType: 'connection',
      targetId: id,
      detail: { type: row.type, name: row.name },
    });
  });
}
