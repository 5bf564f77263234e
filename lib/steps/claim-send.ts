import { createHash } from 'node:crypto';
import { db } from '../db';
import { sendLimitOf, type SendLimit } from './send-limit';
import { StepSkipped, type StepContext } from './types';

// The send caps (send-limit.ts), counted in PostgreSQL so every worker sees
// the same counts: a transaction-scoped advisory lock per flow and channel
// serialises the check-and-record of concurrent sends, so two workers cannot
// both take the last place. A retry of a send finds its own claim (same
// idempotency key) and goes on. Only the claim is serialised, not the send.

export type Channel = 'email' | 'sms';

const TEMPLATE = /\{\{|\{%/;

/** Null when the send may go; otherwise the skip, with its reason. */
export async function claimSend(
  ctx: StepContext,
  channel: Channel,
  recipients: string[],
  limit: Parameters<typeof sendLimitOf>[0],
): Promise<StepSkipped | null> {
  const raw = ctx.rawConfig?.to;
  // Outside a real run (the editor's test) or a recipient the owner wrote in: not capped.
  if (typeof raw !== 'string' || !TEMPLATE.test(raw)) return null;
  const caps: SendLimit = sendLimitOf(limit);
  const hashes = [...new Set(recipients.map((r) => hashRecipient(channel, r)))];
  const lockKey = `send:${ctx.flowId}:${channel}`;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
    const mine = await tx.$queryRaw<{ n: number }[]>`
      SELECT 1 AS n FROM send_log WHERE "sendKey" = ${ctx.idempotencyKey} LIMIT 1`;
    if (mine.length) return null;
    await tx.$executeRaw`
      DELETE FROM send_log WHERE "flowId" = ${ctx.flowId}::uuid AND channel = ${channel}
        AND "sentAt" < now() - interval '1 hour'`;
    const [flow] = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT "sendKey")::int AS n FROM send_log
      WHERE "flowId" = ${ctx.flowId}::uuid AND channel = ${channel}`;
    if ((flow?.n ?? 0) >= caps.perFlowPerHour) {
      return new StepSkipped(
        'flow_send_limit',
        `Not sent: this flow already sent ${caps.perFlowPerHour} ${noun(channel, caps.perFlowPerHour)} to addresses from events in the last hour (send limit per flow)`,
      );
    }
    const [busiest] = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM send_log
      WHERE "flowId" = ${ctx.flowId}::uuid AND channel = ${channel} AND "recipientHash" = ANY(${hashes})
      GROUP BY "recipientHash" ORDER BY n DESC LIMIT 1`;
    if ((busiest?.n ?? 0) >= caps.perRecipientPerHour) {
      return new StepSkipped(
        'recipient_send_limit',
        `Not sent: this flow already sent ${caps.perRecipientPerHour} ${noun(channel, caps.perRecipientPerHour)} to this recipient in the last hour (send limit per recipient)`,
      );
    }
    for (const h of hashes) {
      await tx.$executeRaw`
        INSERT INTO send_log ("sendKey", "recipientHash", "flowId", channel)
        VALUES (${ctx.idempotencyKey}, ${h}, ${ctx.flowId}::uuid, ${channel})`;
    }
    return null;
  });
}

const noun = (channel: Channel, n: number) => (channel === 'email' ? (n === 1 ? 'email' : 'emails') : 'SMS');

/** The bare address (or number), lower-cased, hashed: the log keeps no contact data. */
function hashRecipient(channel: Channel, r: string): string {
  const trimmed = (/<([^>]+)>/.exec(r)?.[1] ?? r).trim().toLowerCase();
  const bare = channel === 'sms' ? trimmed.replace(/[\s().-]/g, '') : trimmed;
  return createHash('sha256').update(bare).digest('hex').slice(0, 32);
}
