import { randomBytes } from 'node:crypto';
import { env } from '../env';
import { logger } from '../log';
import { sharedProducer } from '../queue/redis';
import { sql } from '../engine/engine-sql';
import { isUuid } from '../db/is-uuid';

// Per-connection rate limit (connection config `rateLimitPerSecond`), shared
// by every worker through Redis: a log of the connection's calls in the last
// second (a sorted set of timestamps, Redis's clock). A step takes a place in
// it right before it calls out; when the second is full it waits, in place,
// for the oldest call to leave the window. A step that has waited a while
// without a place goes back to waiting as a timer (run-execution.ts), holding
// no worker meanwhile, and does not lose a try.

const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`;

/** Waits up to this long in place for a place in the window. */
export const MAX_INLINE_WAIT_MS = 2000;
const CACHE_MS = 30_000;
const rates = new Map<string, { rate: number | null; until: number }>();

async function connectionRate(workspaceId: string, connectionId: string): Promise<number | null> {
  const cached = rates.get(connectionId);
  if (cached && cached.until > Date.now()) return cached.rate;
  const [row] = await sql<{ rate: number | null }>(
    `SELECT (config->>'rateLimitPerSecond')::float8 AS rate FROM connection WHERE id = $1::uuid AND "workspaceId" = $2::uuid`,
    [connectionId, workspaceId],
  );
  const rate = row?.rate && row.rate > 0 ? row.rate : null;
  rates.set(connectionId, { rate, until: Date.now() + CACHE_MS });
  return rate;
}

/**
 * Before a step calls out through its connection: 0 when it may go now (after
 * waiting in place for a while if needed), or how many ms to come back later.
 */
export async function takeConnectionTurn(workspaceId: string, config: unknown, signal?: AbortSignal): Promise<number> {
  const connectionId = (config as { connection?: unknown } | null)?.connection;
  if (!isUuid(connectionId)) return 0;
  let rate: number | null;
  try {
    rate = await connectionRate(workspaceId, connectionId);
  } catch (err) {
    logger.warn({ connectionId, err: (err as Error).message }, 'connection rate limit not checked; calling anyway');
    return 0;
  }
  if (!rate) return 0;
  // Fractional rates (0.5/s) count whole calls over a longer window.
  const perWindow = Math.max(1, Math.round(rate));
  const windowMs = Math.round((perWindow / rate) * 1000);
  const key = `${env().QUEUE_PREFIX}:limits:connection:${connectionId}`;
  let waited = 0;
  for (;;) {
    let wait: number;
    try {
      wait = (await sharedProducer().eval(
        TAKE,
        1,
        key,
        perWindow,
        windowMs,
        `${Date.now()}-${randomBytes(4).toString('hex')}`,
      )) as number;
    } catch (err) {
      logger.warn({ connectionId, err: (err as Error).message }, 'connection rate limit not checked; calling anyway');
      return 0;
    }
    if (wait <= 0) return 0;
    // Spread, so waiters woken by the same call leaving the window don't all ask at once.
    const nap = wait + Math.round(Math.random() * 25);
    if (waited + nap > MAX_INLINE_WAIT_MS || signal?.aborted) return nap + Math.round(Math.random() * windowMs);
    await sleep(nap, signal);
    waited += nap;
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
