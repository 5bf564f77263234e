import { db } from '../db';
import { env } from '../env';
import { logger } from '../log';
import { sendInstanceMail } from '../mail/instance-mail';

// 'alert.runFailed': mails the workspace owners (verified addresses only) that a run failed for good,
// at most once per flow per hour. The hour is claimed with one conditional
// UPDATE, so of several workers whose runs of one flow fail at once exactly
// one sends; a second delivery of the same job finds the hour taken.

const MAX_ERROR_CHARS = 500;

type Claim = { name: string; claimedAt: string };

export async function sendFailureAlert(runId: string): Promise<'sent' | 'logged' | 'skipped'> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: { id: true, status: true, error: true, flowId: true, workspaceId: true },
  });
  if (!run || run.status !== 'failed') return 'skipped';
  // Only to verified addresses: an address typed at sign-up is not mailed until its owner confirms it.
  const owners = await db.membership.findMany({
    where: { workspaceId: run.workspaceId, role: 'owner', user: { emailVerified: true } },
    select: { user: { select: { email: true } } },
    orderBy: { createdAt: 'asc' },
  });
  if (owners.length === 0) {
    logger.info({ runId, flowId: run.flowId }, 'failure alert skipped: no owner has a verified email address');
    return 'skipped';
  }

  // Timestamps are UTC wall-clock (as Prisma writes them), whatever the server's time zone.
  const [claim] = await db.$queryRaw<Claim[]>`
    UPDATE flow SET "failureAlertedAt" = now() AT TIME ZONE 'UTC'
    WHERE id = ${run.flowId}::uuid AND "workspaceId" = ${run.workspaceId}::uuid
      AND ("failureAlertedAt" IS NULL OR "failureAlertedAt" < (now() AT TIME ZONE 'UTC') - interval '1 hour')
    RETURNING name, "failureAlertedAt"::text AS "claimedAt"`;
  if (!claim) {
    logger.info({ runId, flowId: run.flowId }, 'failure alert skipped: this flow had one within the hour');
    return 'skipped';
  }

  const to = owners.map((o) => o.user.email).join(', ');
  let sent: boolean;
  try {
    sent = await sendInstanceMail({
      to,
      ...failureAlertMail({ flowName: claim.name, runId: run.id, error: run.error }),
    });
  } catch (err) {
    // Give the hour back so BullMQ's retry of this job can send it.
    await db.$executeRaw`
      UPDATE flow SET "failureAlertedAt" = NULL
      WHERE id = ${run.flowId}::uuid AND "failureAlertedAt"::text = ${claim.claimedAt}`.catch(() => {});
    logger.warn({ runId, flowId: run.flowId, err: (err as Error).message }, 'failure alert not sent (SMTP); retrying');
    // A plain error without the SMTP one's code or text: a refused SMTP
    // connection must not pass for a database outage (those jobs wait without limit).
    throw new Error('The failure alert could not be sent through SMTP_URL');
  }
  if (!sent) {
    // The mail itself is in the log (instance-mail.ts); the hour stays claimed, so the log gets one per flow per hour.
    logger.warn(
      { runId, flowId: run.flowId },
      `failure alert not sent: SMTP_URL is unset; it would have gone to ${to}`,
    );
    return 'logged';
  }
  logger.info({ runId, flowId: run.flowId, owners: owners.length }, 'failure alert sent');
  return 'sent';
}

export function failureAlertMail(a: { flowName: string; runId: string; error: string | null }) {
  const base = env().APP_URL;
  const error = a.error && a.error.length > MAX_ERROR_CHARS ? `${a.error.slice(0, MAX_ERROR_CHARS)}…` : a.error;
  return {
    subject: `Flow "${a.flowName}" failed`,
    text: [
      `A run of your flow "${a.flowName}" failed after its last retry.`,
      '',
      ...(error ? [error, ''] : []),
      `See what happened and replay it: ${base}/runs/${a.runId}`,
      '',
      `You get at most one of these emails per flow per hour. Every failed run is listed at ${base}/runs.`,
    ].join('\n'),
  };
}
