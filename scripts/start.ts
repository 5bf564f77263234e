// npm start | npm run start:web | npm run start:worker
// Validates the environment, checks PostgreSQL and Redis, creates the database
// and applies migrations (safe when several processes start at once), builds
// the web app if it is not built, then runs the web server and/or a worker.
// Any start-up failure is one line on stderr and a non-zero exit.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import path from 'node:path';
import { checkPostgres, checkRedis, ensureAppSecret, PreflightError } from '../lib/boot/preflight';
import { resolveServicesInto } from '../lib/boot/resolve-services';
import { applyMigrations } from '../lib/db/migrate';
import { EnvError, migrationUrl, parseEnv } from '../lib/env';
import { sentinelOptions } from '../lib/queue/sentinel';
import { buildIfNeeded } from './build';
import { bundleEntry, bundleNodeArgs } from './bundle';
import { supervise, type Part } from './support/supervise';

const mode = process.argv[2] ?? 'all';
const root = path.resolve(import.meta.dirname, '..');

function fail(message: string): never {
  console.error(`switchboard: ${message}`);
  process.exit(1);
}

async function main() {
  if (!['all', 'web', 'worker'].includes(mode)) fail(`unknown mode "${mode}" (all, web or worker)`);
  let env;
  try {
    env = parseEnv(process.env);
  } catch (err) {
    if (err instanceof EnvError) fail(err.message);
    throw err;
  }
  process.env.APP_SECRET = ensureAppSecret(root, env.APP_SECRET);
  (process.env as Record<string, string>).NODE_ENV ??= 'production';
  // DATABASE_URL / REDIS_URL "embedded" (or unset, with nothing on the default
  // ports): private servers that outlive a crashed child and stop when this
  // process exits (lib/boot/resolve-services.ts).
  await resolveServicesInto(env, { projectDir: root, role: mode as 'all' | 'web' | 'worker' }).catch((err: Error) =>
    fail(err.message),
  );

  try {
    await checkPostgres(env.DATABASE_URL);
    await checkRedis(env.REDIS_URL, sentinelOptions(env));
  } catch (err) {
    if (err instanceof PreflightError) fail(err.message);
    throw err;
  }
  try {
    const applied = await applyMigrations(migrationUrl(env));
    if (applied.length) console.log(`switchboard: applied migrations ${applied.join(', ')}`);
  } catch (err) {
    fail(`applying database migrations failed: ${(err as Error).message}`);
  }

  const parts: Part[] = [];
  if (mode === 'all' || mode === 'web') {
    await buildIfNeeded(root);
    // web/main.ts: Node's HTTP server answering /hooks/* itself, Next.js for the rest.
    const web = await bundleEntry(root, 'web');
    parts.push({
      name: 'web',
      start: () =>
        spawn(process.execPath, bundleNodeArgs('web', web), {
          cwd: root,
          stdio: 'inherit',
          env: { ...process.env, PORT: String(env.PORT) },
        }),
    });
    console.log(`switchboard: web on ${env.APP_URL}`);
  }
  if (mode === 'all' || mode === 'worker') {
    if (!existsSync(path.join(root, 'worker/main.ts'))) fail('worker/main.ts is missing');
    const bundle = await bundleEntry(root, 'worker');
    parts.push({
      name: 'worker',
      start: () => {
        const worker = spawn(process.execPath, bundleNodeArgs('worker', bundle), { cwd: root, stdio: 'inherit' });
        // Next to the web process on one machine, acknowledging webhooks comes
        // first: under a burst the worker yields CPU and catches up from the
        // durable backlog afterwards (bench/ingest.ts measures both ways).
        if (mode === 'all' && worker.pid) {
          try {
            setPriority(worker.pid, 10);
          } catch {
            // Not permitted here: run at normal priority.
          }
        }
        return worker;
      },
    });
  }

  // A part that exits is started again alone (scripts/support/supervise.ts);
  // signals are passed on, and the script exits once every part has stopped.
  supervise(parts);
}

main().catch((err) => fail((err as Error).message ?? String(err)));
