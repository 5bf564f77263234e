import { ingestPool } from './ingest/ingest-pool';
import { sharedProducer, whenReady } from './queue/redis';

export type Health = { ok: boolean; db: 'up' | 'down'; redis: 'up' | 'down' };

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);

// The database is checked through the webhook path's pool: a process that only
// answers webhooks and health checks then never starts Prisma (~40 MiB).
export async function checkHealth(): Promise<Health> {
  const [dbUp, redisUp] = await Promise.all([
    withTimeout(ingestPool().query('SELECT 1'), 3000).then(
      () => true,
      () => false,
    ),
    withTimeout(
      whenReady(sharedProducer(), 2000).then(() => sharedProducer().ping()),
      3000,
    ).then(
      () => true,
      () => false,
    ),
  ]);
  return { ok: dbUp && redisUp, db: dbUp ? 'up' : 'down', redis: redisUp ? 'up' : 'down' };
}
