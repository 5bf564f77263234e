import { randomBytes } from 'node:crypto';
import { db } from '../db';
import { enqueueAcceptedEvent } from '../ingest/enqueue-event';
import { logger } from '../log';
import { intervalMs, sourceKeyOf, type BackupCheckConfig } from './backup-check-config';
import { markEnabled, publishedCheck, type PublishedCheck } from './backup-check-state';
import { fetchItems, PollError, type FetchedItem } from './fetch-items';
import { ingestItems, recordBaseline, seenRows } from './record-items';
import { iso } from '../db/iso';

// One poll of a flow's backup check. One poll at a time per flow (a lease in
// backup_check); the first poll after the check is switched on (or pointed at
// another source) records the baseline; later polls turn each item never seen
// — by webhook or poll — into an event with source "backup-check", held while
// the flow is paused. A failed read records the error ("failing since …") and
// throws, so the job is retried with backoff; nothing is created from it.

/**
 * scheduled: the interval's job (skipped when a poll succeeded less than half
 * an interval ago, so extra jobs never hammer the source); now: "check now";
 * backfill: also runs the baseline items.
 */
export type PollMode = 'scheduled' | 'now' | 'backfill';

export type PollOutcome =
  | { ran: false; reason: 'not-configured' | 'busy' | 'recent' }
  | {
      ran: true;
      kind: 'baseline' | 'poll' | 'backfill';
      found: number;
      /** Events created (accepted or held). */
      ingested: number;
      held: number;
      /** Items recorded as the baseline (not run). */
      baseline: number;
      pages: number;
      /** More new items than maxItemsPerPoll: the rest follow in the next poll. */
      capped: boolean;
    };

const LEASE_MS = 5 * 60_000;
const POLL_DEADLINE_MS = 4 * 60_000;
/** The "since" value reaches back a little before the last poll, against clock skew at the source. */
const SINCE_OVERLAP_MS = 2 * 60_000;

type Lease = { token: string; baselinePending: boolean; sinceValue: string | null };

async function claim(
  check: PublishedCheck & { config: BackupCheckConfig },
  mode: PollMode,
): Promise<Lease | 'busy' | 'recent'> {
  const token = randomBytes(12).toString('base64url');
  const minGapMs = mode === 'scheduled' ? Math.floor(intervalMs(check.config) / 2) : 0;
  const rows = await db.$queryRaw<{ baselinePending: boolean; sinceValue: string | null; busy: boolean }[]>`
    UPDATE backup_check SET "pollToken" = ${token}, "pollUntil" = now() + ${LEASE_MS} * interval '1 millisecond'
    WHERE "flowId" = ${check.flowId}::uuid AND enabled
      AND ("pollUntil" IS NULL OR "pollUntil" < now())
      AND ("baselinePending" OR "lastSuccessAt" IS NULL OR "lastSuccessAt" < now() - ${minGapMs} * interval '1 millisecond')
    RETURNING "baselinePending", "sinceValue"`;
  if (rows[0]) return { token, baselinePending: rows[0].baselinePending, sinceValue: rows[0].sinceValue };
  const state = await db.backupCheck.findUnique({ where: { flowId: check.flowId }, select: { pollUntil: true } });
  return state?.pollUntil && state.pollUntil > new Date() ? 'busy' : 'recent';
}

function sinceValueFor(start: Date, format: BackupCheckConfig['sinceFormat']): string {
  const t = new Date(start.getTime() - SINCE_OVERLAP_MS);
  if (format === 'unix') return String(Math.floor(t.getTime() / 1000));
  if (format === 'unix-ms') return String(t.getTime());
  return iso(t);
}

export async function pollFlow(flowId: string, mode: PollMode): Promise<PollOutcome> {
  const check = await publishedCheck(flowId);
  if (!check?.config) return { ran: false, reason: 'not-configured' };
  const config = check.config;
  // The state row is written on publish; a poll that comes first (or after a lost write) makes it.
  if (!(await db.backupCheck.findUnique({ where: { flowId }, select: { enabled: true } }))?.enabled) {
    await markEnabled({ ...check, config });
  }
  const lease = await claim({ ...check, config }, mode);
  if (typeof lease === 'string') return { ran: false, reason: lease };

  const start = new Date();
  const sourceKey = sourceKeyOf(config);
  try {
    const backfill = mode === 'backfill';
    const baseline = lease.baselinePending && !backfill;
    const since = lease.baselinePending || backfill ? null : lease.sinceValue;
    const fetched = await fetchItems(config, {
      workspaceId: check.workspaceId,
      since,
      signal: AbortSignal.timeout(POLL_DEADLINE_MS),
    });
    const items = uniqueById(fetched.items);

    let outcome: PollOutcome & { ran: true };
    if (baseline) {
      const recorded = await recordBaseline(
        flowId,
        items.map((i) => i.id),
      );
      outcome = {
        ran: true,
        kind: 'baseline',
        found: items.length,
        ingested: 0,
        held: 0,
        baseline: recorded,
        pages: fetched.pages,
        capped: false,
      };
    } else {
      const seen = await seenRows(
        flowId,
        items.map((i) => i.id),
      );
      const wanted = items.filter((i) => {
        const row = seen.get(i.id);
        return !row || (backfill && row.eventId === null);
      });
      const taken = wanted.slice(0, config.maxItemsPerPoll);
      const events = await ingestItems(check.workspaceId, flowId, taken, backfill);
      for (const e of events) if (e.status === 'accepted') enqueueAcceptedEvent(e.id);
      const held = events.filter((e) => e.status === 'held').length;
      outcome = {
        ran: true,
        kind: backfill ? 'backfill' : 'poll',
        found: items.length,
        ingested: events.length,
        held,
        baseline: 0,
        pages: fetched.pages,
        capped: wanted.length > taken.length,
      };
      // Items the push missed: what the flow list's alert counts.
      if (events.some((e) => e.claimed === 'backup-check')) await noteCaught(flowId);
      if (events.length) logger.info({ flowId, ingested: events.length, held }, 'backup check ingested items');
    }
    // A capped or truncated read keeps the old "since", so the next poll reads those pages again.
    const advance = !outcome.capped && !fetched.truncated;
    await db.$executeRaw`
      UPDATE backup_check SET "pollToken" = NULL, "pollUntil" = NULL,
        "lastPollAt" = ${iso(start)}::timestamp, "lastSuccessAt" = ${iso(start)}::timestamp,
        "lastPollError" = NULL, "failingSince" = NULL,
        "baselinePending" = CASE WHEN "sourceKey" = ${sourceKey} THEN "baselinePending" AND NOT ${baseline || backfill} ELSE "baselinePending" END,
        "sinceValue" = CASE WHEN ${advance} THEN ${sinceValueFor(start, config.sinceFormat)} ELSE "sinceValue" END,
        "updatedAt" = now()
      WHERE "flowId" = ${flowId}::uuid AND "pollToken" = ${lease.token}`;
    return outcome;
  } catch (err) {
    const message = err instanceof PollError ? err.message : `The check failed: ${(err as Error).message}`;
    await db.$executeRaw`
      UPDATE backup_check SET "pollToken" = NULL, "pollUntil" = NULL,
        "lastPollAt" = ${iso(start)}::timestamp, "lastPollError" = ${message.slice(0, 500)},
        "failingSince" = COALESCE("failingSince", ${iso(start)}::timestamp), "updatedAt" = now()
      WHERE "flowId" = ${flowId}::uuid AND "pollToken" = ${lease.token}`.catch(() => {});
    logger.warn({ flowId, mode, err: message }, 'backup check poll failed');
    throw err instanceof PollError ? err : new PollError(message);
  }
}

async function noteCaught(flowId: string) {
  await db.$executeRaw`UPDATE backup_check SET "lastCaughtAt" = now() WHERE "flowId" = ${flowId}::uuid`;
}

/** One entry per id (a source may list an item on two pages while it pages). */
function uniqueById(items: FetchedItem[]): FetchedItem[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}
