import type { Prisma } from '../db';
import { AppError } from '../errors';

/**
 * Refuses a name another connection of the workspace already has (ignoring
 * case and surrounding spaces): steps and lists show connections by name.
 * Runs inside the transaction that writes the name.
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
  if (taken)
    throw new AppError(
      'invalid_input',
      `A connection named "${name.trim()}" already exists in this workspace; choose another name.`,
      [{ path: 'name', message: 'Another connection already has this name' }],
    );
}
