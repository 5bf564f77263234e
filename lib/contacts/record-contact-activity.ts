import { db } from '../db';
import { uuid7 } from '../db/uuid7';

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Adds "run R step N touched this contact" to its timeline, once per
 * (run, step). Returns the `created` flag recorded by the step's first
 * successful try, so a retried step reports what really happened. A step run
 * outside a run ("Test step") records nothing.
 */
export async function recordContactActivity(
  workspaceId: string,
  a: { contactId: string; runId: string; nodeId: string; created: boolean },
): Promise<boolean> {
  if (!uuidRe.test(a.runId)) return a.created;
  const inserted = await db.$queryRaw<{ created: boolean }[]>`
    INSERT INTO contact_activity (id, "workspaceId", "contactId", "runId", "flowId", "nodeId", created, "createdAt")
    SELECT ${uuid7()}::uuid, ${workspaceId}::uuid, ${a.contactId}::uuid, r.id, r."flowId", ${a.nodeId}, ${a.created}, now()
    FROM run r WHERE r.id = ${a.runId}::uuid AND r."workspaceId" = ${workspaceId}::uuid
    ON CONFLICT ("runId", "nodeId", "contactId") DO NOTHING
    RETURNING created`;
  if (inserted.length) return inserted[0]!.created;
  const existing = await db.contactActivity.findFirst({
    where: { workspaceId, runId: a.runId, nodeId: a.nodeId, contactId: a.contactId },
    select: { created: true },
  });
  return existing?.created ?? a.created;
}
