import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { open, seal } from '../crypto/secret-box';
import { db, Prisma } from '../db';
import { notFound } from '../errors';
import type { ConnectionType } from '../steps/types';
import { parseConnectionConfig } from './connection-input';
import { assertConnectionNameFree, withConnectionName } from './connection-name-free';
import { keepBlankSecrets } from './split-secret';
import { connectionSelect, toConnectionView, type ConnectionView } from './connection-view';

/**
 * Renames, and/or replaces the settings (re-encrypted under the current key).
 * A secret field left blank (absent, "" or the mask) keeps its stored value.
 */
export async function updateConnection(
  workspaceId: string,
  id: string,
  input: { name?: string; config?: Record<string, unknown> },
  audit?: AuditCtx,
): Promise<ConnectionView> {
  const current = await db.connection.findFirst({
    where: { id, workspaceId },
    select: { type: true, secret: true, keyId: true },
  });
  if (!current) throw notFound('Connection');
  const data: Prisma.ConnectionUpdateManyMutationInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.config !== undefined) {
    let stored: Record<string, unknown>;
    try {
      stored = open(current.secret, current.keyId, workspaceId) as Record<string, unknown>;
    } catch {
      // Unreadable (key lost): blanks stay blank and the schema says what is missing.
      stored = {};
    }
    const edited = keepBlankSecrets(input.config, stored);
    const { config, secret } = parseConnectionConfig(current.type as ConnectionType, edited);
    const sealed = seal(secret, workspaceId);
    Object.assign(data, { config: config as Prisma.InputJsonValue, secret: sealed.ciphertext, keyId: sealed.keyId });
  }
  await withConnectionName(input.name ?? '', () =>
    db.$transaction(async (tx) => {
      if (input.name !== undefined) await assertConnectionNameFree(tx, workspaceId, input.name, id);
      const { count } = await tx.connection.updateMany({ where: { id, workspaceId }, data });
      if (!count) throw notFound('Connection');
      // Which fields changed, never their values (the settings hold secrets).
      const changed = [
        ...(input.name !== undefined ? ['name'] : []),
        ...(input.config !== undefined ? ['config'] : []),
      ];
      await recordAudit(tx, workspaceId, audit, {
        action: 'connection.update',
        targetType: 'connection',
        targetId: id,
        detail: { changed, ...(input.name !== undefined ? { name: input.name } : {}) },
      });
    }),
  );
  const row = await db.connection.findFirst({ where: { id, workspaceId }, select: connectionSelect });
  if (!row) throw notFound('Connection');
  return toConnectionView(row);
}
