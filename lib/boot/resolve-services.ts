import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, EMBEDDED, serviceSettings, type Env } from '../env';
import { startEmbeddedPostgres } from './embedded-postgres';
import { defaultCacheDir, redisServerBinary, startEmbeddedRedis } from './embedded-redis';
import { claim, readLiveState, releaseState, writeState, type EmbeddedState } from './embedded-state';
import { switchboardHome } from './home';
import { EmbeddedServiceError, portAnswers, waitForExitSync, type EmbeddedService } from './process-tools';

// Turns DATABASE_URL / REDIS_URL as given into URLs of running servers.
// - A URL is used as it is.
// - "embedded" runs a private server (lib/boot/embedded-*.ts) — and so does an
//   unset variable when nothing answers on 127.0.0.1:5432 / 6379.
// - `npm start` ("all") owns the servers it starts; the CLI, tests and
//   benchmarks ("client") use the ones a running npm start owns (embedded.json)
//   and otherwise start their own for as long as they run.
// - start:web / start:worker refuse "embedded": several processes need one
//   shared server, which a private one inside a single process is not.

export type Role = 'all' | 'web' | 'worker' | 'client';

export type ResolvedServices = {
  databaseUrl: string;
  redisUrl: string;
  /** Stops the embedded servers this process started (no-op otherwise) and waits for them. */
  stop(): Promise<void>;
};

export type ResolveOptions = {
  projectDir: string;
  role: Role;
  /** DATABASE_URL / REDIS_URL as set (undefined when unset). */
  database: string | undefined;
  redis: string | undefined;
  /** Where an embedded Redis is built from when no redis-server is on the PATH. */
  redisSourceUrl: string;
  /** Which services the caller uses; one it does not need is never started. Default both. */
  needs?: { database: boolean; redis: boolean };
  pathEnv?: string;
  log?: (line: string) => void;
};

const scaleOut = (name: string) =>
  `${name}=embedded cannot be used by start:web or start:worker: several processes need one shared server, and an embedded one lives inside npm start. Set ${name} to your own server (README, "Production").`;

export async function resolveServices(opts: ResolveOptions): Promise<ResolvedServices> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const needs = opts.needs ?? { database: true, redis: true };
  const result: ResolvedServices = {
    databaseUrl: opts.database && opts.database !== EMBEDDED ? opts.database : DEFAULT_DATABASE_URL,
    redisUrl: opts.redis && opts.redis !== EMBEDDED ? opts.redis : DEFAULT_REDIS_URL,
    stop: async () => {},
  };
  if (opts.role === 'web' || opts.role === 'worker') {
    if (opts.database === EMBEDDED) throw new EmbeddedServiceError(scaleOut('DATABASE_URL'));
    if (opts.redis === EMBEDDED) throw new EmbeddedServiceError(scaleOut('REDIS_URL'));
    return result;
  }

  const home = switchboardHome(opts.projectDir);
  const live = opts.role === 'client' ? readLiveState(home) : undefined;
  // A service the caller does not need to run still points at a running npm start's.
  if (live?.databaseUrl && opts.database === EMBEDDED) result.databaseUrl = live.databaseUrl;
  if (live?.redisUrl && (opts.redis === EMBEDDED || opts.redis === undefined)) result.redisUrl = live.redisUrl;
  // Embedded when asked for, or when unset and nothing answers on the default port
  // (a client first looks at what a running npm start uses).
  const wants = async (setting: string | undefined, running: boolean, port: number) =>
    setting === EMBEDDED || (setting === undefined && (running || !(await portAnswers('127.0.0.1', port))));
  const wantDb = needs.database && (await wants(opts.database, Boolean(live?.postgres), 5432));
  const wantRedis = needs.redis && (await wants(opts.redis, Boolean(live?.redis), 6379));
  if (!wantDb && !wantRedis) return result;

  for (;;) {
    const taken = claim(home);
    if (taken.ok) break;
    if (opts.role === 'all')
      throw new EmbeddedServiceError(
        `the embedded services in ${home} are run by process ${taken.state.owner} (another npm start, or a CLI command); stop it first, or set SWITCHBOARD_HOME to another folder`,
      );
    return attachToRunning(home, result, wantDb, wantRedis);
  }

  const started: EmbeddedService[] = [];
  const state: EmbeddedState = { owner: process.pid, startedAt: new Date().toISOString() };
  // Whoever ends the process (the start script when its parts have stopped, a
  // start-up failure, the CLI when its command is done), the servers stop
  // first: the exit hook asks them and waits, blocking, until they are gone.
  const stopNow = () => {
    for (const s of started) s.stopNow();
    for (const s of started) waitForExitSync(s.pid, 30_000);
    releaseState(home);
  };
  // A Ctrl-C before the caller has signal handlers of its own (e.g. during the
  // first build) would end the process without its exit hook: stop them here.
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return; // the caller's handler is in charge
    stopNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const detach = () => {
    process.off('exit', stopNow);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('exit', stopNow);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // The Redis binary first: if it has to be built and cannot, fail before anything runs.
    const redisBinary = wantRedis
      ? await redisServerBinary({
          pathEnv: opts.pathEnv,
          cacheDir: defaultCacheDir(),
          sourceUrl: opts.redisSourceUrl,
          log,
        })
      : undefined;
    if (wantDb) {
      const pgServer = await startEmbeddedPostgres(home, log);
      started.push(pgServer);
      state.databaseUrl = result.databaseUrl = pgServer.url;
      state.postgres = { pid: pgServer.pid, port: pgServer.port, dataDir: pgServer.dataDir };
      log(`switchboard: embedded PostgreSQL on 127.0.0.1:${pgServer.port}, data in ${pgServer.dataDir}`);
    }
    if (redisBinary) {
      const redisServer = await startEmbeddedRedis(home, redisBinary, log);
      started.push(redisServer);
      state.redisUrl = result.redisUrl = redisServer.url;
      state.redis = { pid: redisServer.pid, port: redisServer.port, dataDir: redisServer.dataDir };
      log(
        `switchboard: embedded Redis (${redisBinary}) on 127.0.0.1:${redisServer.port}, noeviction + AOF, data in ${redisServer.dataDir}`,
      );
    }
    writeState(home, state);
  } catch (err) {
    await Promise.all(started.map((s) => s.stop()));
    detach();
    releaseState(home);
    throw err;
  }
  result.stop = async () => {
    await Promise.all(started.map((s) => s.stop()));
    detach();
    releaseState(home);
  };
  return result;
}

/** Uses the servers another process runs, waiting for them if it is still starting them. */
async function attachToRunning(home: string, result: ResolvedServices, wantDb: boolean, wantRedis: boolean) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const state = readLiveState(home);
    if (!state)
      throw new EmbeddedServiceError(`the process running the embedded services in ${home} stopped; try again`);
    const ready = (!wantDb || state.databaseUrl) && (!wantRedis || state.redisUrl);
    if (ready) {
      if (wantDb) result.databaseUrl = state.databaseUrl!;
      if (wantRedis) result.redisUrl = state.redisUrl!;
      return result;
    }
    // Its servers are all up but not the one asked for: it runs against a real server instead.
    if (state.databaseUrl || state.redisUrl) {
      const name = wantDb && !state.databaseUrl ? 'DATABASE_URL' : 'REDIS_URL';
      throw new EmbeddedServiceError(
        `the npm start running in ${home} (pid ${state.owner}) has no embedded ${name === 'DATABASE_URL' ? 'PostgreSQL' : 'Redis'}; set ${name} to the server it uses`,
      );
    }
    if (Date.now() > deadline)
      throw new EmbeddedServiceError(`the embedded services in ${home} did not come up (owner pid ${state.owner})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The one call of the start script and the CLI: resolves DATABASE_URL and
 * REDIS_URL as set in the environment and puts the URLs of the running
 * servers in their place (in `env` and in process.env, which child processes
 * and env() read).
 */
export async function resolveServicesInto(
  env: Env,
  opts: Pick<ResolveOptions, 'projectDir' | 'role' | 'needs' | 'log'>,
): Promise<ResolvedServices> {
  const services = await resolveServices({
    ...opts,
    ...serviceSettings(),
    redisSourceUrl: env.REDIS_SOURCE_URL,
    pathEnv: process.env.PATH,
  });
  process.env.DATABASE_URL = env.DATABASE_URL = services.databaseUrl;
  process.env.REDIS_URL = env.REDIS_URL = services.redisUrl;
  return services;
}
