import { db } from '../db';
import { backupCheckOf, intervalMs, sourceKeyOf, triggerConfigOf, type BackupCheckConfig } from './backup-check-config';

// The per-flow state row (backup_check) and the published config it follows.
// Publishing is where a config becomes effective, so everything here reads the
// flow's published version, never the draft.

export type PublishedCheck = {
  flowId: string;
  workspaceId: string;
  status: 'draft' | 'live' | 'paused';
  /** The published config when it is valid and enabled, else null. */
  config: BackupCheckConfig | null;
};

/** The flow and its published backup check; null when the flow does not exist. */
export async function publishedCheck(flowId: string): Promise<PublishedCheck | null> {
  const rows = await db.$queryRaw<{ workspaceId: string; status: PublishedCheck['status']; graph: unknown }[]>`
    SELECT f."workspaceId"::text AS "workspaceId", f.status::text AS status, v.graph
    FROM flow f LEFT JOIN flow_version v ON v."flowId" = f.id AND v.version = f."publishedVersion"
    WHERE f.id = ${flowId}::uuid`;
  const row = rows[0];
  if (!row) return null;
  const config = row.graph ? backupCheckOf(triggerConfigOf(row.graph)) : null;
  return { flowId, workspaceId: row.workspaceId, status: row.status, config: config?.enabled ? config : null };
}

/**
 * Records that the check is on with this config. Switching it on, or pointing
 * it at another source (url, items or id path), makes the next poll a
 * baseline: the items there then are recorded as seen and not run.
 */
export async function markEnabled(
  check: PublishedCheck & { config: BackupCheckConfig },
): Promise<{ baselinePending: boolean }> {
  const rows = await db.$queryRaw<{ baselinePending: boolean }[]>`
    INSERT INTO backup_check ("flowId", "workspaceId", enabled, "everyMs", "sourceKey", "baselinePending", "updatedAt")
    VALUES (${check.flowId}::uuid, ${check.workspaceId}::uuid, true, ${intervalMs(check.config)}, ${sourceKeyOf(check.config)}, true, now())
    ON CONFLICT ("flowId") DO UPDATE SET
      "baselinePending" = backup_check."baselinePending" OR NOT backup_check.enabled OR backup_check."sourceKey" <> EXCLUDED."sourceKey",
      "sinceValue" = CASE WHEN backup_check.enabled AND backup_check."sourceKey" = EXCLUDED."sourceKey" THEN backup_check."sinceValue" END,
      enabled = true, "everyMs" = EXCLUDED."everyMs", "sourceKey" = EXCLUDED."sourceKey", "updatedAt" = now()
    RETURNING "baselinePending"`;
  return { baselinePending: rows[0]?.baselinePending ?? true };
}

/** The check is off (unpublished, switched off or removed from the trigger): no polls, no failure shown. */
export async function markDisabled(flowId: string): Promise<void> {
  await db.$executeRaw`
    UPDATE backup_check SET enabled = false, "lastPollError" = NULL, "failingSince" = NULL, "pollToken" = NULL, "pollUntil" = NULL, "updatedAt" = now()
    WHERE "flowId" = ${flowId}::uuid AND enabled`;
}
