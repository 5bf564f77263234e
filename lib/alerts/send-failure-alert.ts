import type { Job } from 'bullmq';
import { db } from '../db';
import { env } from '../env';
import { logger } from '../log';
import { alertDestinations, deliverAlert, runsPageUrl, type Channel } from './deliver-alert';

// 'alert.runFailed': tells the flow's alert destinations (by default the
// workspace owners' verified addresses; Slack and a webhook when set in the
// flow's settings) that a run failed for good, at most once per flow per
// hour. The hour is claimed with one conditional UPDATE, so of several
// workers whose runs of one flow fail at once exactly one sends; a second
// delivery of the same job finds the hour taken. A channel that fails gives
// the hour back and the job is retried; channels already reached are kept in
// the job's data and not sent twice.

const MAX_ERROR_CHARS = 500;

type Claim = { name: string; claimedAt: string };

export async function sendFailureAlert(runId: string, job?: Job): Promise<'sent' | 'logged' | 'skipped'> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: { id: true, status: true, error: true, flowId: true, workspaceId: true },
  });
  if (!run || run.status !== 'failed') return 'skipped';
  const to = await alertDestinations(run.workspaceId, run.flowId, 'failure');
  if (to.channels.length === 0) {
    logger.info(
      { runId, flowId: run.flowId },
      'failure alert skipped: nowhere to send it (no verified owner, no Slack or webhook)',
    );
    return 'skipped';
  }
  const done = ((job?.data as { delivered?: Channel[] } | undefined)?.delivered ?? []) as Channel[];

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

  const mail = failureAlertMail({ flowName: claim.name, flowId: run.flowId, runId: run.id, error: run.error });
  const result = await deliverAlert(
    {
      kind: 'failure',
      workspaceId: run.workspaceId,
      flowId: run.flowId,
      flowName: claim.name,
      ...mail,
      slackText: `Flow "${claim.name}" failed${run.error ? `: ${clip(run.error, 300)}` : ''}\nFailed runs: ${runsPageUrl(run.flowId, 'failed')}`,
      payload: {
        type: 'run.failed',
        flow: { id: run.flowId, name: claim.name },
        run: {
          id: run.id,
          error: run.error ? clip(run.error, MAX_ERROR_CHARS) : null,
          url: `${env().APP_URL}/runs/${run.id}`,
        },
        runsUrl: runsPageUrl(run.flowId, 'failed'),
      },
    },
    to,
    done,
  );
  if (result.failed.length) {
    // Give the hour back so BullMQ's retry of this job can send what is missing.
    await db.$executeRaw`
      UPDATE flow SET "failureAlertedAt" = NULL
      WHERE id = ${run.flowId}::uuid AND "failureAlertedAt"::text = ${claim.claimedAt}`.catch(() => {});
    await job?.updateData({ ...job.data, delivered: [...done, ...result.delivered] }).catch(() => {});
    const smtp = result.failed.some((f) => f.channel === 'email');
    logger.warn(
      { runId, flowId: run.flowId, failed: result.failed.map((f) => `${f.channel}: ${f.error}`) },
      smtp ? 'failure alert not sent (SMTP); retrying' : 'failure alert not sent (Slack or webhook); retrying',
    );
    // A plain error without the SMTP one's code or text: a refused SMTP
    // connection must not pass for a database outage (those jobs wait without limit).
    throw new Error(`The failure alert could not be sent (${result.failed.map((f) => f.channel).join(', ')})`);
  }
  if (result.logged && result.delivered.length === 1) {
    // The mail itself is in the log (instance-mail.ts); the hour stays claimed, so the log gets one per flow per hour.
    logger.warn(
      { runId, flowId: run.flowId },
      `failure alert not sent: SMTP_URL is unset; it would have gone to ${to.emails.join(', ')}`,
    );
    return 'logged';
  }
  logger.info({ runId, flowId: run.flowId, channels: [...done, ...result.delivered] }, 'failure alert sent');
  return 'sent';
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function failureAlertMail(a: { flowName: string; flowId: string; runId: string; error: string | null }) {
  const base = env().APP_URL;
  const error = a.error ? clip(a.error, MAX_ERROR_CHARS) : null;
  return {
    subject: `Flow "${a.flowName}" failed`,
    text: [
      `A run of your flow "${a.flowName}" failed after its last retry.`,
      '',
      ...(error ? [error, ''] : []),
      `See what happened and replay it: ${base}/runs/${a.runId}`,
      `All failed runs of this flow: ${runsPageUrl(a.flowId, 'failed')}`,
      '',
      `You get at most one of these alerts per flow per hour. Choose where they go in the flow's Settings tab.`,
    ].join('\n'),
  };
}
