import path from 'node:path';
import { resolveServicesInto } from '../lib/boot/resolve-services';
import { applyMigrations } from '../lib/db/migrate';
import { migrationUrl, parseEnv } from '../lib/env';

// npm run db:migrate: against DATABASE_URL, or the embedded PostgreSQL (a running
// npm start's, or started for this command).
const env = parseEnv(process.env);
const services = await resolveServicesInto(env, {
  projectDir: path.resolve(import.meta.dirname, '..'),
  role: 'client',
  needs: { database: true, redis: false },
  log: (line) => console.error(line),
});
const applied = await applyMigrations(migrationUrl(env));
console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.');
await services.stop();
