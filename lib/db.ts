import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { env } from './env';

// One client per process. In development Next reloads modules, so the client
// is kept on globalThis to avoid opening a new pool on every reload.
// It is made on first use, not on import: the worker imports modules that use
// Prisma (alerts, backup checks, replays) but runs none of them on its hot
// path or in its periodic passes (those use the engine's pg pool), and a
// client that has run a query holds ~40 MiB (its query compiler and pool).
const globalForDb = globalThis as unknown as { __switchboardDb?: PrismaClient };

export function createDb(connectionString = env().DATABASE_URL, max = env().DATABASE_POOL_MAX): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max, connectionTimeoutMillis: 5000 }) });
}

const client = () => (globalForDb.__switchboardDb ??= createDb());

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_, key) {
    const c = client();
    const value: unknown = Reflect.get(c, key, c);
    return typeof value === 'function' ? value.bind(c) : value;
  },
});

export { Prisma } from './generated/prisma/client';
