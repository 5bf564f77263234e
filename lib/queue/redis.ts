import { Redis, type RedisOptions } from 'ioredis';
import { env } from '../env';
import { sentinelOptions } from './sentinel';

// Two kinds of connection, as BullMQ wants them:
// - worker connections block and must retry forever (maxRetriesPerRequest: null);
// - producer connections in request paths fail fast, so a Redis outage can
//   never hang a webhook (the event is already in PostgreSQL; the sweeper
//   enqueues it later).

export function workerConnection(url = env().REDIS_URL, extra: RedisOptions = {}): Redis {
  return new Redis(url, { ...sentinelOptions(env()), maxRetriesPerRequest: null, enableReadyCheck: true, ...extra });
}

export function producerConnection(url = env().REDIS_URL, extra: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    ...sentinelOptions(env()),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...extra,
  });
  // Errors surface on the command that failed; the connection keeps retrying.
  redis.on('error', () => {});
  return redis;
}

const globalForRedis = globalThis as unknown as { __switchboardRedis?: Redis };

/** Shared fail-fast connection for the web process. */
export function sharedProducer(): Redis {
  return (globalForRedis.__switchboardRedis ??= producerConnection());
}

/** Waits (bounded) for a fail-fast connection that is still connecting. */
export async function whenReady(redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error('redis not ready'));
    }, ms);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}
