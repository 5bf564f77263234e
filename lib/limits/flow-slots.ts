import { env } from '../env';
import { logger } from '../log';
import { sharedProducer } from '../queue/redis';

// Per-flow concurrency (trigger config `concurrency`): at most N runs of a
// flow are driven at once, across every worker. A Redis sorted set per flow
// holds the runs holding a slot, scored by when their hold expires: a worker
// that dies frees its slots when they expire; a live one renews them. The
// holder is the run id, so a run taken over after a crash reuses its own slot.
// A run that finds no free slot goes back to the queue (drive-run.ts) and
// holds no worker while it waits; a run waiting on a timer (delay, retry
// backoff) holds no slot either.

const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 1000)
  return 1
end
return 0`;

const key = (flowId: string) => `${env().QUEUE_PREFIX}:limits:flow:${flowId}`;

export type FlowSlot = { release: () => Promise<void> };

/**
 * Takes one of the flow's `limit` slots for `runId`, renewed every third of
 * `holdMs` until released; null when all are taken. If Redis cannot be asked,
 * the run goes ahead (it came from a Redis job moments ago; a limit is not
 * worth stopping work for).
 */
export async function takeFlowSlot(
  flowId: string,
  runId: string,
  limit: number,
  holdMs: number,
): Promise<FlowSlot | null> {
  const redis = sharedProducer();
  const take = () => redis.eval(TAKE, 1, key(flowId), limit, Math.ceil(holdMs), runId) as Promise<number>;
  try {
    if ((await take()) !== 1) return null;
  } catch (err) {
    logger.warn(
      { flowId, runId, err: (err as Error).message },
      'flow concurrency limit not checked (Redis); running anyway',
    );
    return { release: async () => {} };
  }
  const renew = setInterval(() => void take().catch(() => {}), Math.max(1000, holdMs / 3));
  renew.unref();
  return {
    async release() {
      clearInterval(renew);
      await redis.zrem(key(flowId), runId).catch(() => {});
    },
  };
}
