import { createHash, randomBytes } from 'node:crypto';
import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { db } from '../db';
import { notFound } from '../errors';
import type { Role } from './roles';
import { roleIn } from './workspace';

// API keys: "sb_" + 32 random bytes (base64url). Stored as SHA-256 — with 256
// bits of entropy a slow hash adds nothing, and lookups stay a single index hit.

const PREFIX = 'sb_';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const summarySelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

export async function createApiKey(input: { workspaceId: string; userId: string; name: string }, audit?: AuditCtx) {
  const key = PREFIX + randomBytes(32).toString('base64url');
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        workspaceId: input.workspaceId,
        createdById: input.userId,
        name: input.name,
        prefix: key.slice(0, PREFIX.length + 6),
        hash: hashApiKey(key),
      },
      select: summarySelect,
    });
    // The prefix only: the key is shown once, to its creator, and nowhere else.
    await recordAudit(tx, input.workspaceId, audit, {
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: created.id,
      detail: { name: created.name, prefix: created.prefix },
    });
    return created;
  });
  return { ...row, key };
}

export async function listApiKeys(workspaceId: string): Promise<ApiKeySummary[]> {
  return db.apiKey.findMany({ where: { workspaceId }, select: summarySelect, orderBy: { createdAt: 'desc' } });
}

export async function revokeApiKey(workspaceId: string, id: string, audit?: AuditCtx): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: { id, workspaceId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw notFound('API key');
    const key = await tx.apiKey.findUniqueOrThrow({ where: { id }, select: { name: true, prefix: true } });
    await recordAudit(tx, workspaceId, audit, {
      action: 'api_key.revoke',
      targetType: 'api_key',
      targetId: id,
      detail: { name: key.name, prefix: key.prefix },
    });
  });
}

/**
 * Resolves a presented key to its workspace and role, or null if unknown,
 * revoked, or its creator is no longer a member. A key acts with the role of
 * the member who created it, as it is at the time of use: demoting a member
 * demotes their keys, removing a member (or their account) disables them.
 */
export async function resolveApiKey(key: string): Promise<{ workspaceId: string; keyId: string; role: Role } | null> {
  if (!key.startsWith(PREFIX)) return null;
  const row = await db.apiKey.findUnique({
    where: { hash: hashApiKey(key) },
    select: { id: true, workspaceId: true, revokedAt: true, lastUsedAt: true, createdById: true },
  });
  if (!row || row.revokedAt || !row.createdById) return null;
  const role = await roleIn(row.createdById, row.workspaceId);
  if (!role) return null;
  // "Last used" to the minute is enough; avoid a write on every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { workspaceId: row.workspaceId, keyId: row.id, role };
}
