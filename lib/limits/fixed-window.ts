import type { Redis } from 'ioredis';

// A counter per key and time window in Redis, shared by every web instance.
// One round trip (INCR + PEXPIRE in a pipeline; the key names its window, so
// setting its expiry again is harmless, and plain PEXPIRE works on Redis 6.2,
// where the NX flag does not exist). When Redis is unreachable
// the limiter lets requests through: refusing valid traffic because the queue
// store is down would be worse than briefly not limiting it.

export type RateDecision = { allowed: boolean; retryAfterSeconds: number; remaining: number };

export async function hitFixedWindow(
  redis: Redis,
  key: string,
  limit: number,
  windowMs: number,
  now = Date.now(),
): Promise<RateDecision> {
  const window = Math.floor(now / windowMs);
  const redisKey = `${key}:${window}`;
  try {
    const results = await redis
      .multi()
      .incr(redisKey)
      .pexpire(redisKey, windowMs * 2)
      .exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    return { allowed: count <= limit, retryAfterSeconds, remaining: Math.max(0, limit - count) };
  } catch {
    return { allowed: true, retryAfterSeconds: 0, remaining: limit };
  }
}
