import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import pg from 'pg';
import { ensureSecretFile, switchboardHome } from './home';

// Start-up checks shared by `npm start`, start:web and start:worker. Each failure
// is one line saying what is wrong and the command that fixes it.

export class PreflightError extends Error {}

const describe = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? String(err);
};

export async function checkPostgres(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const target = `${url.hostname}:${url.port || 5432}`;
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 4000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new PreflightError(
      `Cannot reach PostgreSQL at ${target} (${describe(err)}). Start it (Debian: sudo pg_ctlcluster 15 main start; macOS: brew services start postgresql) or set DATABASE_URL.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** `sentinel`: lib/queue/sentinel.ts's options when Redis is reached through Sentinels. */
export async function checkRedis(redisUrl: string, sentinel: RedisOptions = {}): Promise<void> {
  const url = new URL(redisUrl);
  const target = sentinel.sentinels
    ? `master "${sentinel.name}" of Sentinels ${sentinel.sentinels.map((s) => `${s.host}:${s.port}`).join(', ')}`
    : `${url.hostname}:${url.port || 6379}`;
  const redis = new Redis(redisUrl, {
    ...sentinel,
    lazyConnect: true,
    connectTimeout: 4000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => {});
  let policy: string | undefined;
  try {
    await redis.connect();
    const info = await redis.info('memory');
    policy = /maxmemory_policy:(\S+)/.exec(info)?.[1];
  } catch (err) {
    throw new PreflightError(
      `Cannot reach Redis at ${target} (${describe(err)}). Start it (Debian: sudo systemctl start redis-server, or redis-server --daemonize yes --maxmemory-policy noeviction; macOS: brew services start redis) or set REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
  if (policy && policy !== 'noeviction') {
    throw new PreflightError(
      `Redis at ${target} uses maxmemory-policy ${policy}; queued jobs could be evicted. Fix: redis-cli -h ${url.hostname} -p ${url.port || 6379} config set maxmemory-policy noeviction (and set it in redis.conf).`,
    );
  }
}

/** Returns APP_SECRET, generating one and keeping it in .switchboard/ (SWITCHBOARD_HOME) on first start. */
export function ensureAppSecret(projectDir: string, current: string | undefined): string {
  if (current) return current;
  return ensureSecretFile(path.join(switchboardHome(projectDir), 'app-secret'));
}
