import { Prisma } from '../db';
import { AppError } from '../errors';

/** The unique index on (workspaceId, lower(name)) (migration 20261204233000_connection_name_unique). */
export const CONNECTION_NAME_INDEX = 'connection_workspaceId_lower_name_key';

const nameTaken = (name: string) =>
  new AppError(
    'invalid_input',
    `A connection named "${name.trim()}" already exists in this workspace; choose another name.`,
    [{ path: 'name', message: 'Another connection already has this name' }],
  );

/**
 * Refuses a name another connection of the workspace already has (ignoring
 * case and surrounding spaces): steps and lists show connections by name.
 * Runs inside the transaction that writes the name, for a friendly error; two
 * writes that race past it meet the unique index, which withConnectionName
 * turns into the same error.
 */
export async function assertConnectionNameFree(
  tx: Prisma.TransactionClient,
  workspaceId: string,
  name: string,
  exceptId?: string,
): Promise<void> {
  const taken = await tx.connection.findFirst({
    where: {
      workspaceId,
      name: { equals: name.trim(), mode: 'insensitive' },
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    select: { id: true },
  });
  if (taken) throw nameTaken(name);
}

/** A unique violation of the connection name index, however the driver adapter reports it. */
export function isConnectionNameTaken(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError) || err.code !== 'P2002') return false;
  return JSON.stringify(err.meta ?? {}).includes(CONNECTION_NAME_INDEX) || err.message.includes(CONNECTION_NAME_INDEX);
}

/** Runs a write of connection `name`; losing a race for the name answers as assertConnectionNameFree does. */
export async function withConnectionName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isConnectionNameTaken(err)) throw nameTaken(name);
    throw err;
  }
}
