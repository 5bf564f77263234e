import { db } from '../db';

// The flow list's alerts: flows whose backup check caught events the webhook
// never delivered (last 7 days), and flows whose backup check is failing.

export type BackupCheckAlerts = {
  caught: { flowId: string; name: string; count: number }[];
  failing: { flowId: string; name: string; since: string; error: string | null }[];
};

export async function backupCheckAlerts(workspaceId: string): Promise<BackupCheckAlerts> {
  const [caught, failing] = await Promise.all([
    db.$queryRaw<{ flowId: string; name: string; count: number }[]>`
      SELECT f.id::text AS "flowId", f.name, count(*)::int AS count
      FROM backup_check b
      JOIN flow f ON f.id = b."flowId"
      JOIN seen_item s ON s."flowId" = b."flowId" AND s.source = 'backup-check' AND s."firstSeenAt" > now() - interval '7 days'
      WHERE b."workspaceId" = ${workspaceId}::uuid AND b."lastCaughtAt" > now() - interval '7 days'
      GROUP BY f.id, f.name ORDER BY count DESC`,
    db.backupCheck.findMany({
      where: { workspaceId, enabled: true, failingSince: { not: null } },
      select: { flowId: true, failingSince: true, lastPollError: true, flow: { select: { name: true } } },
    }),
  ]);
  return {
    caught,
    failing: failing.map((f) => ({
      flowId: f.flowId,
      name: f.flow.name,
      since: f.failingSince!.toISOString(),
      error: f.lastPollError,
    })),
  };
}
