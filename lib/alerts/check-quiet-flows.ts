import { execute, sql } from '../engine/engine-sql';
import { logger } from '../log';
import { quietHoursOf } from './alert-settings';
import { alertDestinations, deliverAlert, runsPageUrl } from './deliver-alert';

// The "no events for N hours" alert, checked by the workers (a scheduled job
// on the maintenance queue: one worker per tick), not on page load. A live
// flow with the alert on whose last event (or creation) is older than its
// threshold (the trigger's quietAlertHours, default 24) is alerted once per
// silence — not again until an event has arrived — and at most once an hour.
// The flow row is claimed with a conditional UPDATE, so two workers checking
// at once send one alert.

type Candidate = { id: string; workspaceId: string; draftGraph: unknown; quietSince: Date };
type Claim = { name: string; claimedAt: string };

export async function checkQuietFlows(now = new Date()): Promise<number> {
  const flows = await sql<Candidate>(
    `SELECT f.id::text, f."workspaceId"::text AS "workspaceId", f."draftGraph",
            coalesce(last.at, f."createdAt") AS "quietSince"
     FROM flow_alert_settings s
     JOIN flow f ON f.id = s."flowId" AND f."workspaceId" = s."workspaceId"
     CROSS JOIN LATERAL (
       SELECT max(e."receivedAt") AS at FROM event e
       WHERE e."flowId" = f.id AND e.status IN ('accepted', 'held', 'duplicate')
     ) last
     WHERE s."onQuiet" AND f.status = 'live'
       AND (f."quietAlertedAt" IS NULL OR f."quietAlertedAt" < coalesce(last.at, f."createdAt"))`,
  );
  let sent = 0;
  for (const f of flows) {
    const hours = quietHoursOf(f.draftGraph);
    const quietFor = (now.getTime() - f.quietSince.getTime()) / 3_600_000;
    if (quietFor <= hours) continue;
    try {
      if (await alertQuietFlow(f, hours, Math.floor(quietFor))) sent++;
    } catch (err) {
      logger.warn({ flowId: f.id, err: (err as Error).message }, 'quiet-source alert not sent; next check retries');
    }
  }
  return sent;
}

async function alertQuietFlow(f: Candidate, hours: number, quietFor: number): Promise<boolean> {
  const to = await alertDestinations(f.workspaceId, f.id, 'quiet');
  if (to.channels.length === 0) return false;
  const [claim] = await sql<Claim>(
    `UPDATE flow SET "quietAlertedAt" = now() AT TIME ZONE 'UTC'
     WHERE id = $1::uuid AND status = 'live'
       AND ("quietAlertedAt" IS NULL OR "quietAlertedAt" < (now() AT TIME ZONE 'UTC') - interval '1 hour')
     RETURNING name, "quietAlertedAt"::text AS "claimedAt"`,
    [f.id],
  );
  if (!claim) return false;
  const runsUrl = runsPageUrl(f.id);
  const quietSince = f.quietSince.toISOString();
  const result = await deliverAlert(
    {
      kind: 'quiet',
      workspaceId: f.workspaceId,
      flowId: f.id,
      flowName: claim.name,
      subject: `Flow "${claim.name}" has had no events for ${quietFor} hours`,
      text: [
        `Your live flow "${claim.name}" has received nothing for ${quietFor} hours (your threshold: ${hours}).`,
        'Check that your form tool or app still sends to its webhook URL.',
        '',
        `Its runs: ${runsUrl}`,
        '',
        'You get this once per silence, at most once an hour. Choose where it goes in the flow’s Settings tab.',
      ].join('\n'),
      slackText: `Flow "${claim.name}" has had no events for ${quietFor} hours (threshold ${hours}). Runs: ${runsUrl}`,
      payload: {
        type: 'flow.quiet',
        flow: { id: f.id, name: claim.name },
        quietHours: hours,
        quietSince,
        runsUrl,
      },
    },
    to,
  );
  if (result.failed.length) {
    await execute(`UPDATE flow SET "quietAlertedAt" = NULL WHERE id = $1::uuid AND "quietAlertedAt"::text = $2`, [
      f.id,
      claim.claimedAt,
    ]).catch(() => {});
    throw new Error(result.failed.map((x) => `${x.channel}: ${x.error}`).join('; '));
  }
  logger.info({ flowId: f.id, channels: result.delivered, logged: result.logged }, 'quiet-source alert sent');
  return true;
}
