import { open } from '../crypto/secret-box';
import { db } from '../db';
import { StepError, type ConnectionType } from '../steps/types';
import { connectionLabel } from '../integrations/registry';
import { isUuid } from '../db/is-uuid';

export type LoadedConnection = {
  id: string;
  type: ConnectionType;
  config: Record<string, unknown>;
  secret: Record<string, unknown>;
};

/**
 * The engine's loader behind StepContext.connection: decrypts a connection of
 * this workspace only. Anything else is a non-retryable "not found", the same
 * answer for another workspace's id as for an id that never existed.
 */
export async function loadConnectionForStep(
  workspaceId: string,
  id: string,
  accepts: readonly ConnectionType[],
): Promise<LoadedConnection> {
  const row = isUuid(id)
    ? await db.connection.findFirst({
        where: { id, workspaceId },
        select: { id: true, type: true, name: true, config: true, secret: true, keyId: true },
      })
    : null;
  if (!row) throw new StepError('Connection not found: choose a connection in this step’s settings', false);
  if (!accepts.includes(row.type)) {
    throw new StepError(
      `Connection "${row.name}" is a ${connectionLabel(row.type)} connection; this step needs ${accepts.map(connectionLabel).join(' or ')}`,
      false,
    );
  }
  let secret: Record<string, unknown>;
  try {
    secret = open(row.secret, row.keyId, workspaceId) as Record<string, unknown>;
  } catch (err) {
    throw new StepError(`Connection "${row.name}": ${(err as Error).message}`, false);
  }
  return {
    id: row.id,
    type: row.type as ConnectionType,
    config: (row.config ?? {}) as Record<string, unknown>,
    secret,
  };
}
