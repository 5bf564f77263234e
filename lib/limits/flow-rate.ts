import { env } from '../env';
import { sharedProducer } from '../queue/redis';

// Per-flow limit of webhook requests per minute, counted in Redis so every web
// instance shares it (fixed one-minute windows). Redis being unreachable never
// turns a valid request into an error: the request is let through.

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export async function checkRateLimit(flowId: string, perMinute: number, nowMs = Date.now()): Promise<RateVerdict> {
  const redis = sharedProducer();
  if (redis.status !== 'ready') return { ok: true };
  const window = Math.floor(nowMs / 60_000);
  const key = `${env().QUEUE_PREFIX}:ratelimit:${flowId}:${window}`;
  let count: number;
  try {
    const res = await redis.multi().incr(key).expire(key, 120).exec();
    count = Number(res?.[0]?.[1] ?? 0);
  } catch {
    return { ok: true };
  }
  if (count <= perMinute) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * 60_000 - nowMs) / 1000)) };
}
