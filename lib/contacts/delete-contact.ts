import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { db } from '../db';
import { notFound } from '../errors';

/**
 * Deletes a contact of the workspace and its timeline (e.g. one a step test
 * created). The audit entry names the contact by id only: a deletion is often
 * someone asking to be forgotten, so their email stays out of the log too.
 */
export async function deleteContact(workspaceId: string, id: string, audit?: AuditCtx): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.contact.deleteMany({ where: { id, workspaceId } });
    if (count === 0) throw notFound('Contact');
    await recordAudit(tx, workspaceId, audit, { action: 'contact.delete', targetType: 'contact', targetId: id });
  });
}
