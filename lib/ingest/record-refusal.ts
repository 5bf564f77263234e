import { logger } from '../log';
import { uuid7 } from '../db/uuid7';
import { ingestPool } from './ingest-pool';
import { storeRefusal, type Refusal } from './store-event';

// Refused requests are recorded for the flow's events list (the contract), but
// a flood of them — a scanner, a sender retrying hard with a wrong secret —
// must not write a row, or a log line, each. Per flow and minute this process
// records the first REFUSALS_KEPT one by one, as before; the rest are counted
// in memory and written about once a second as one row per flow, minute and
// HTTP status, whose `refusedCount` says how many requests it stands for and
// whose receivedAt follows the latest of them. So rows stay bounded whatever
// the flood, and the list still shows it. The counts of the last second are
// lost if the process dies; the refusals were answered all the same.

export const REFUSALS_KEPT = 10;
const FLUSH_MS = 1000;

const minuteNow = () => Math.floor(Date.now() / 60_000);

/** Refusals recorded one by one this minute, by flow. */
const kept = new Map<string, { minute: number; n: number }>();

type Aggregate = Refusal & { id: string; minute: number; unwritten: number };
/** One row per flow, minute and status; `unwritten` refusals wait for the next flush. */
const aggregates = new Map<string, Aggregate>();
let timer: NodeJS.Timeout | null = null;

export async function recordRefusal(r: Refusal): Promise<void> {
  const minute = minuteNow();
  const k = kept.get(r.flowId);
  const seen = k && k.minute === minute ? k : { minute, n: 0 };
  kept.set(r.flowId, seen);
  if (seen.n < REFUSALS_KEPT) {
    seen.n++;
    logger.info({ flowId: r.flowId, status: r.httpStatus, reason: r.reason }, 'webhook refused');
    // The refusal stands even if it cannot be recorded (the log line above has it).
    await storeRefusal(r).catch((err: Error) =>
      logger.warn({ flowId: r.flowId, err: err.message }, 'refusal not recorded'),
    );
    return;
  }
  const key = `${r.flowId} ${minute} ${r.httpStatus}`;
  const agg = aggregates.get(key);
  if (agg) {
    agg.unwritten++;
    agg.reason = r.reason;
  } else {
    aggregates.set(key, { ...r, id: uuid7(), minute, unwritten: 1 });
  }
  timer ??= setTimeout(() => void flush(), FLUSH_MS).unref();
}

const upsert = {
  name: 'ingest_upsert_refusal_count',
  text: `INSERT INTO event (id, "workspaceId", "flowId", status, method, headers, "refusalReason", "httpStatus", "refusedCount")
         VALUES ($1, $2, $3, 'refused', $4, $5::jsonb, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE SET "refusedCount" = event."refusedCount" + EXCLUDED."refusedCount",
           "refusalReason" = EXCLUDED."refusalReason", "receivedAt" = now()`,
};

/** Writes the counts gathered since the last flush; forgets rows of past minutes once written. */
export async function flush(): Promise<void> {
  timer = null;
  const minute = minuteNow();
  for (const [key, a] of aggregates) {
    const n = a.unwritten;
    if (n > 0) {
      a.unwritten = 0;
      try {
        await ingestPool().query({
          ...upsert,
          values: [a.id, a.workspaceId, a.flowId, a.method, JSON.stringify(a.headers), a.reason, a.httpStatus, n],
        });
        logger.info({ flowId: a.flowId, status: a.httpStatus, count: n }, 'webhook refusals counted');
      } catch (err) {
        // 23503: the flow was deleted meanwhile. Anything else: try again next time.
        if ((err as { code?: string }).code !== '23503') a.unwritten += n;
        logger.warn({ flowId: a.flowId, err: (err as Error).message }, 'refusal count not recorded');
      }
    }
    if (a.minute < minute && a.unwritten === 0) aggregates.delete(key);
  }
  for (const [flowId, k] of kept) if (k.minute < minute) kept.delete(flowId);
  if ([...aggregates.values()].some((a) => a.unwritten > 0)) timer ??= setTimeout(() => void flush(), FLUSH_MS).unref();
}
