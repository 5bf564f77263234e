import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { seal } from '../crypto/secret-box';
import { db, Prisma } from '../db';
import { notFound } from '../errors';
import type { ConnectionType } from '../steps/types';
import { parseConnectionConfig } from './connection-input';
import { connectionSelect, toConnectionView, type ConnectionView } from './connection-view';

/** Renames, and/or replaces all settings (re-encrypted under the current key). */
export async function updateConnection(
  workspaceId: string,
  id: string,
  input: { name?: string; config?: Record<string, unknown> },
  audit?: AuditCtx,
): Promise<ConnectionView> {
  const current = await db.connection.findFirst({ where: { id, workspaceId }, select: { type: true } });
  if (!current) throw notFound('Connection');
  const data: Prisma.ConnectionUpdateManyMutationInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.config !== undefined) {
    const { config, secret } = parseConnectionConfig(current.type as ConnectionType, input.config);
    const sealed = seal(secret, workspaceId);
    Object.assign(data, { config: config as Prisma.InputJsonValue, secret: sealed.ciphertext, keyId: sealed.keyId });
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.connection.updateMany({ where: { id, workspaceId }, data });
    if (!count) throw notFound('Connection');
    // Which fields changed, never their values (the settings hold secrets).
    const changed = [...(input.name !== undefined ? ['name'] : []), ...(input.config !== undefined ? ['config'] : [])];
    await recordAudit(tx, workspaceId, audit, {
      action: 'connection.update',
      targetType: 'connection',
      targetId: id,
      detail: { changed, ...(input.name !== undefined ? { name: input.name } : {}) },
    });
  });
  const row = await db.connection.findFirst({ where: { id, workspaceId }, select: connectionSelect });
  if (!row) throw notFound('Connection');
  return toConnectionView(row);
}
