import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { seal } from '../crypto/secret-box';
import { db, Prisma } from '../db';
import type { ConnectionType } from '../steps/types';
import { parseConnectionConfig } from './connection-input';
import { assertConnectionNameFree, withConnectionName } from './connection-name-free';
import { connectionSelect, toConnectionView, type ConnectionView } from './connection-view';

export async function createConnection(
  workspaceId: string,
  input: { type: ConnectionType; name: string; config: Record<string, unknown> },
  audit?: AuditCtx,
): Promise<ConnectionView> {
  const { config, secret } = parseConnectionConfig(input.type, input.config);
  const sealed = seal(secret, workspaceId);
  const row = await withConnectionName(input.name, () =>
    db.$transaction(async (tx) => {
      await assertConnectionNameFree(tx, workspaceId, input.name);
      const created = await tx.connection.create({
        data: {
          workspaceId,
          type: input.type,
          name: input.name,
          config: config as Prisma.InputJsonValue,
          secret: sealed.ciphertext,
          keyId: sealed.keyId,
        },
        select: connectionSelect,
      });
      await recordAudit(tx, workspaceId, audit, {
        action: 'connection.create',
        targetType: 'connection',
        targetId: created.id,
        detail: { type: input.type, name: input.name },
      });
      return created;
    }),
  );
  return toConnectionView(row);
}
