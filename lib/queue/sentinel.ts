import type { RedisOptions } from 'ioredis';

// REDIS_SENTINELS / REDIS_SENTINEL_NAME (lib/env.ts): ioredis asks the
// Sentinels for the current master and asks again after a failover. The
// demoted master answers writes with READONLY until Sentinel drops its
// clients; reconnecting (2: and resending the command) reaches the new one.

export function sentinelOptions(e: { REDIS_SENTINELS?: string; REDIS_SENTINEL_NAME?: string }): RedisOptions {
  if (!e.REDIS_SENTINELS || !e.REDIS_SENTINEL_NAME) return {};
  return {
    sentinels: e.REDIS_SENTINELS.split(',').map((hostPort) => {
      const at = hostPort.lastIndexOf(':');
      return { host: hostPort.slice(0, at), port: Number(hostPort.slice(at + 1)) };
    }),
    name: e.REDIS_SENTINEL_NAME,
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  };
}
