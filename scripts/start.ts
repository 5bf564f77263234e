// npm start | npm run start:web | npm run start:worker
// Validates the environment, checks PostgreSQL and Redis, creates the database
// and applies migrations (safe when several processes start at once), builds
// the web app if it is not built, then runs the web server and/or a worker.
// Any start-up failure is one line on stderr and a non-zero exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import path from 'node:path';
import { checkPostgres, checkRedis, ensureAppSecret, PreflightError } from '../lib/boot/preflight';
import { resolveServicesInto } from '../lib/boot/resolve-services';
import { applyMigrations } from '../lib/db/migrate';
import { EnvError, parseEnv } from '../lib/env';
import { buildIfNeeded } from './build';
import { bundleEntry, bundleNodeArgs } from './bundle';

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
  await resolveServicesInto(env, { projectDir: root, role: mode as 'all' | 'web' | 'worker' }).catch((err: Error) => fail(err.message));

  try {
    await checkPostgres(env.DATABASE_URL);
    await checkRedis(env.REDIS_URL);
  } catch (err) {
    if (err instanceof PreflightError) fail(err.message);
    throw err;
  }
  try {
    const applied = await applyMigrations(env.DATABASE_URL);
    if (applied.length) console.log(`switchboard: applied migrations ${applied.join(', ')}`);
  } catch (err) {
    fail(`applying database migrations failed: ${(err as Error).message}`);
  }

  const children: ChildProcess[] = [];
  if (mode === 'all' || mode === 'web') {
    await buildIfNeeded(root);
    // web/main.ts: Node's HTTP server answering /hooks/* itself, Next.js for the rest.
    const web = await bundleEntry(root, 'web');
    children.push(spawn(process.execPath, bundleNodeArgs('web', web), { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: String(env.PORT) } }));
    console.log(`switchboard: web on ${env.APP_URL}`);
  }
  if (mode === 'all' || mode === 'worker') {
    if (!existsSync(path.join(root, 'worker/main.ts'))) fail('worker/main.ts is missing');
    const worker = spawn(process.execPath, bundleNodeArgs('worker', await bundleEntry(root, 'worker')), { cwd: root, stdio: 'inherit' });
    children.push(worker);
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
  }

  // Forward signals; when one part exits, stop the rest and exit with its code
  // so a supervisor restarts the whole set.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  let remaining = children.length;
  let exitCode = 0;
  for (const child of children) {
    child.on('exit', (code, signal) => {
      remaining -= 1;
      if (!stopping) {
        exitCode = code ?? (signal ? 1 : 0);
        stop('SIGTERM');
      }
      if (remaining === 0) process.exit(exitCode);
    });
  }
}

main().catch((err) => fail((err as Error).message ?? String(err)));
