import { applyMigrations } from '../lib/db/migrate';
import { databaseUrl } from '../lib/env';

const applied = await applyMigrations(databaseUrl());
console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.');
