import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { noFilters, withSchemaEngine } from './schema-engine';

export const migrationsDir = path.resolve(import.meta.dirname, '../../prisma/migrations');

/** Creates the database named in the URL if it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) throw new Error('DATABASE_URL names no database');
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (err) {
        // Another process created it at the same moment: PostgreSQL answers
        // duplicate_database (42P04) when that one had committed, and a unique
        // violation of pg_database_datname_index (23505) when both were inside
        // CREATE DATABASE together.
        if (!isConcurrentCreate(err)) throw err;
      }
    }
  } finally {
    await client.end();
  }
}

const isConcurrentCreate = (err: unknown) => {
  const code = (err as { code?: string }).code;
  return code === '42P04' || code === '23505';
};

function listMigrations() {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(migrationsDir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8') },
      },
    }));
}

export function migrationsList() {
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: listMigrations(),
  };
}

// Several web and worker processes may start at once; a session-level advisory
// lock makes them apply migrations one after another (the later ones find
// nothing pending).
const MIGRATION_LOCK = 72_707_301;

/** Applies pending migrations; returns the names of those applied. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const lockClient = new pg.Client({ connectionString: databaseUrl });
  await lockClient.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const out = await withSchemaEngine(databaseUrl, null, (engine) =>
      engine.applyMigrations({ migrationsList: migrationsList(), filters: noFilters }),
    );
    return out.appliedMigrationNames;
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await lockClient.end();
  }
}
