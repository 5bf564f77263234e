import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { env } from './env';

// One client per process. In development Next reloads modules, so the client
// is kept on globalThis to avoid opening a new pool on every reload.
const globalForDb = globalThis as unknown as { __switchboardDb?: PrismaClient };

export function createDb(connectionString = env().DATABASE_URL, max = env().DATABASE_POOL_MAX): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max, connectionTimeoutMillis: 5000 }) });
}

export const db: PrismaClient = (globalForDb.__switchboardDb ??= createDb());

export { Prisma } from './generated/prisma/client';
