import { z } from 'zod';
import { db } from '../db';
import { notFound } from '../errors';
import { publishedCheck } from './backup-check-state';
import { iso } from '../db/iso';

// What the flow page shows: is the check healthy ("failing since …"), and how
// many events came by each way over the last 7 days — a backup check that
// keeps catching items means the push is losing them.

export const statusOutput = z.object({
  /** The published version has an enabled backup check. */
  enabled: z.boolean(),
  intervalMinutes: z.number().int().nullable(),
  baselinePending: z.boolean(),
  lastPollAt: z.iso.datetime().nullable(),
  lastSuccessAt: z.iso.datetime().nullable(),
  lastPollError: z.string().nullable(),
  failingSince: z.iso.datetime().nullable(),
  lastCaughtAt: z.iso.datetime().nullable(),
  /** Items the backup check ran because no webhook had delivered them, last 7 days. */
  caughtLast7Days: z.number().int(),
  /** Items recorded at the start (baseline) and never run; a backfill runs them. */
  baselineNotRun: z.number().int(),
  /** Events per day (UTC) and source, last 7 days, oldest first. */
  eventsBySource: z.array(z.object({ date: z.string(), webhook: z.number().int(), backupCheck: z.number().int() })),
});

export type BackupCheckStatus = z.infer<typeof statusOutput>;

export async function getBackupCheckStatus(workspaceId: string, flowId: string): Promise<BackupCheckStatus> {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  if (!flow) throw notFound('Flow');
  const [check, state, counts, bySource] = await Promise.all([
    publishedCheck(flowId),
    db.backupCheck.findFirst({ where: { flowId, workspaceId } }),
    db.$queryRaw<{ caught: number; baseline: number }[]>`
      SELECT count(*) FILTER (WHERE source = 'backup-check' AND "firstSeenAt" > now() - interval '7 days')::int AS caught,
             count(*) FILTER (WHERE source = 'baseline' AND "eventId" IS NULL)::int AS baseline
      FROM seen_item WHERE "flowId" = ${flowId}::uuid`,
    eventsBySource(workspaceId, flowId),
  ]);
  const enabled = !!check?.config && !!state?.enabled;
  return {
    enabled,
    intervalMinutes: check?.config?.intervalMinutes ?? null,
    baselinePending: enabled && !!state?.baselinePending,
    lastPollAt: iso(state?.lastPollAt),
    lastSuccessAt: iso(state?.lastSuccessAt),
    lastPollError: enabled ? (state?.lastPollError ?? null) : null,
    failingSince: enabled ? iso(state?.failingSince) : null,
    lastCaughtAt: iso(state?.lastCaughtAt),
    caughtLast7Days: counts[0]?.caught ?? 0,
    baselineNotRun: counts[0]?.baseline ?? 0,
    eventsBySource: bySource,
  };
}

/** Accepted, held and discarded events (not tests, refusals or duplicates) per UTC day and source. */
export async function eventsBySource(workspaceId: string, flowId: string) {
  const rows = await db.$queryRaw<{ day: string; webhook: number; backupCheck: number }[]>`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
           count(e.id) FILTER (WHERE e.source = 'webhook')::int AS webhook,
           count(e.id) FILTER (WHERE e.source = 'backup-check')::int AS "backupCheck"
    FROM generate_series(date_trunc('day', now()) - interval '6 days', date_trunc('day', now()), interval '1 day') AS d(day)
    LEFT JOIN event e ON e."flowId" = ${flowId}::uuid AND e."workspaceId" = ${workspaceId}::uuid
      AND e."receivedAt" >= d.day AND e."receivedAt" < d.day + interval '1 day'
      AND e.status IN ('accepted', 'held', 'discarded')
    GROUP BY d.day ORDER BY d.day`;
  return rows.map((r) => ({ date: r.day, webhook: r.webhook, backupCheck: r.backupCheck }));
}
