import { env } from '../env';
import { sharedProducer } from '../queue/redis';
import { hitFixedWindow } from './fixed-window';

// Per-flow limit of webhook requests per minute, counted in Redis so every web
// instance shares it (fixed one-minute windows). Redis being unreachable never
// turns a valid request into an error: the request is let through.

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export async function checkRateLimit(flowId: string, perMinute: number, nowMs = Date.now()): Promise<RateVerdict> {
  const redis = sharedProducer();
  if (redis.status !== 'ready') return { ok: true };
  const d = await hitFixedWindow(redis, `${env().QUEUE_PREFIX}:ratelimit:${flowId}`, perMinute, 60_000, nowMs);
  return d.allowed ? { ok: true } : { ok: false, retryAfterSeconds: d.retryAfterSeconds };
}
