import { db } from '../db';
import { triggerNode, type FlowGraph } from './graph';

// The flow overview: events and runs per hour over the last 7 days by outcome,
// and when the last real event arrived (for the "no events for N hours" warning).

export const activityOutcomes = [
  'succeeded',
  'filtered',
  'failed',
  'in progress',
  'held',
  'duplicate',
  'refused',
] as const;
export type ActivityOutcome = (typeof activityOutcomes)[number];
export type ActivityBucket = { hour: string; counts: Partial<Record<ActivityOutcome, number>> };

export const DEFAULT_QUIET_HOURS = 24;

export async function flowActivity(workspaceId: string, flowId: string, now = new Date()) {
  const flow = await db.flow.findFirst({
    where: { id: flowId, workspaceId },
    select: { id: true, name: true, status: true, draftGraph: true, createdAt: true },
  });
  if (!flow) return null;
  const since = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 167 * 3_600_000);
  const [rows, last] = await Promise.all([
    db.$queryRaw<{ hour: Date; outcome: ActivityOutcome; n: number }[]>`
      SELECT date_trunc('hour', r."createdAt") AS hour,
             CASE WHEN r.status = 'failed' THEN 'failed'
                  WHEN r.status = 'succeeded' AND EXISTS (SELECT 1 FROM step_run s WHERE s."runId" = r.id AND s.status = 'skipped') THEN 'filtered'
                  WHEN r.status = 'succeeded' THEN 'succeeded'
                  WHEN r.status = 'canceled' THEN 'refused'
                  ELSE 'in progress' END AS outcome,
             count(*)::int AS n
      FROM run r
      WHERE r."workspaceId" = ${workspaceId}::uuid AND r."flowId" = ${flowId}::uuid AND r."createdAt" >= ${since}
      GROUP BY 1, 2
      UNION ALL
      SELECT date_trunc('hour', "receivedAt"), status::text, sum(coalesce("refusedCount", 1))::int
      FROM event
      WHERE "workspaceId" = ${workspaceId}::uuid AND "flowId" = ${flowId}::uuid AND "receivedAt" >= ${since}
        AND status IN ('held', 'duplicate', 'refused')
      GROUP BY 1, 2`,
    db.event.findFirst({
      where: { workspaceId, flowId, status: { in: ['accepted', 'held', 'duplicate'] } },
      select: { receivedAt: true },
      orderBy: { receivedAt: 'desc' },
    }),
  ]);
  const buckets: ActivityBucket[] = Array.from({ length: 168 }, (_, i) => ({
    hour: new Date(since.getTime() + i * 3_600_000).toISOString(),
    counts: {},
  }));
  for (const r of rows) {
    const i = Math.round((r.hour.getTime() - since.getTime()) / 3_600_000);
    const b = buckets[i];
    if (b) b.counts[r.outcome] = (b.counts[r.outcome] ?? 0) + r.n;
  }
  const trigger = triggerNode(flow.draftGraph as FlowGraph);
  const quietHours =
    Number((trigger?.config as { quietAlertHours?: number } | undefined)?.quietAlertHours) || DEFAULT_QUIET_HOURS;
  const lastEventAt = last?.receivedAt ?? null;
  const quietFor = (now.getTime() - (lastEventAt ?? flow.createdAt).getTime()) / 3_600_000;
  return {
    flow: { id: flow.id, name: flow.name, status: flow.status },
    buckets,
    lastEventAt: lastEventAt?.toISOString() ?? null,
    quietHours,
    /** A live flow that has been silent longer than the threshold. */
    quiet: flow.status === 'live' && quietFor > quietHours ? Math.floor(quietFor) : null,
  };
}

export type FlowActivity = NonNullable<Awaited<ReturnType<typeof flowActivity>>>;
