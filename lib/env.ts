import { z } from 'zod';
import { oauthEnvShape } from './oauth2/oauth-env';

// The only reader of process.env. Every variable of the contract is parsed
// here; a bad value stops start-up with one message naming the variable.

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(min).max(max);

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

/**
 * DATABASE_URL with `pgbouncer=true` in its query (Prisma's convention): it goes
 * through a pooler in transaction mode (lib/db/pooler.ts says what changes).
 */
export function throughTransactionPooler(databaseUrl: string): boolean {
  try {
    return new URL(databaseUrl).searchParams.get('pgbouncer') === 'true';
  } catch {
    return false;
  }
}

/** The word that asks npm start for a private server of its own (lib/boot/resolve-services.ts). */
export const EMBEDDED = 'embedded';

// A service URL, or "embedded": npm start (and the CLI, tests and benchmarks)
// then run a private PostgreSQL / Redis with its data under SWITCHBOARD_HOME.
const serviceUrl = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      if (v === EMBEDDED) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be "embedded" or a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/switchboard';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_REDIS_SOURCE_URL = 'https://download.redis.io/redis-stable.tar.gz';

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // Unset: the server on 127.0.0.1 if one answers there, else the embedded one (npm start only).
  DATABASE_URL: serviceUrl(['postgres:', 'postgresql:']).default(DEFAULT_DATABASE_URL),
  REDIS_URL: serviceUrl(['redis:', 'rediss:']).default(DEFAULT_REDIS_URL),
  // Migrations only (they hold session-level advisory locks): a direct or
  // session-mode URL of the same database. Required when DATABASE_URL goes
  // through a transaction pooler (`pgbouncer=true`, lib/db/pooler.ts).
  DATABASE_MIGRATION_URL: url(['postgres:', 'postgresql:']).optional(),
  // Redis behind Sentinel: "host:port,host:port" of the Sentinels, and the
  // name they monitor the master under. REDIS_URL then gives only the password,
  // database number and TLS; its host and port are replaced by the master's.
  REDIS_SENTINELS: z
    .string()
    .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, 'must be host:port[,host:port...]')
    .optional(),
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, ., _ and - only')
    .optional(),
  // Where npm start keeps what it generates: app-secret, the embedded services'
  // data and passwords, embedded.json. Default: .switchboard/ in the project.
  SWITCHBOARD_HOME: z.string().optional(),
  // Source tarball an embedded Redis is built from when no redis-server is on the PATH.
  REDIS_SOURCE_URL: url(['http:', 'https:']).default(DEFAULT_REDIS_SOURCE_URL),
  PORT: int(1, 65535).default(3000),
  APP_URL: url(['http:', 'https:']).optional(),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Former APP_SECRET values (comma-separated): connection secrets sealed under them still decrypt.
  APP_SECRET_PREVIOUS: z.string().optional(),
  WORKER_CONCURRENCY: int(1, 1000).default(100),
  WEBHOOK_MAX_BYTES: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  OUTBOUND_ALLOW_PRIVATE: bool.default(false),
  RETRY_BASE_MS: int(1, 24 * 3600 * 1000).default(15000),
  // Key prefix of the BullMQ queues; lets several installs (or test runs) share one Redis.
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('switchboard'),
  // Behind a reverse proxy that sets X-Forwarded-For, set true so rate limits see
  // the client's address. Otherwise the header is replaced with the socket's
  // address, so a client cannot dodge the sign-in limit by inventing one.
  TRUST_PROXY: bool.default(false),
  // Most connections each of a process's PostgreSQL pools opens. A process has up
  // to two (Prisma, and raw pg on the hot path); size max_connections for
  // (web + worker processes) × 2 × this.
  DATABASE_POOL_MAX: int(1, 200).default(10),
  // Requests per minute per API key on /api/v1.
  API_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
  // Length of the "minute" backup check intervals count in. Only tests shorten it
  // (intervalMinutes: 1 then polls every BACKUP_CHECK_MINUTE_MS ms).
  BACKUP_CHECK_MINUTE_MS: int(100, 60_000).default(60_000),
  // Events and their runs older than this are deleted by the worker (never held
  // events or unfinished runs). At least 7: duplicate detection looks back 7 days.
  RETENTION_DAYS: int(7, 36500).default(30),
  // How often one worker checks for quiet sources ("no events for N hours") and stuck bulk replays.
  ALERT_CHECK_MS: int(500, 3_600_000).default(60_000),
  // The captcha providers' siteverify endpoints (tests point them at a local server).
  CAPTCHA_VERIFY_URL_TURNSTILE: url(['http:', 'https:']).default(
    'https://challenges.cloudflare.com/turnstile/v0/siteverify',
  ),
  CAPTCHA_VERIFY_URL_HCAPTCHA: url(['http:', 'https:']).default('https://api.hcaptcha.com/siteverify'),
  CAPTCHA_VERIFY_URL_RECAPTCHA: url(['http:', 'https:']).default('https://www.google.com/recaptcha/api/siteverify'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // GOOGLE_CLIENT_ID, OAUTH_GOOGLE_TOKEN_URL, ... (lib/oauth2/oauth-env.ts)
  ...oauthEnvShape,
});

export type Env = z.infer<typeof envSchema> & { APP_URL: string };

export class EnvError extends Error {}

/** Parses an environment; throws EnvError with one line per bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data;
  const pairing = [
    env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME
      ? 'REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the master name the Sentinels monitor)'
      : null,
    env.REDIS_SENTINEL_NAME && !env.REDIS_SENTINELS
      ? 'REDIS_SENTINELS: required with REDIS_SENTINEL_NAME (host:port of each Sentinel)'
      : null,
    env.REDIS_SENTINELS && (!cleaned.REDIS_URL || env.REDIS_URL === EMBEDDED)
      ? 'REDIS_URL: must be set, not "embedded", with REDIS_SENTINELS (redis://[:password@]master[/db]: its password, database and TLS are used)'
      : null,
    throughTransactionPooler(env.DATABASE_URL) && !env.DATABASE_MIGRATION_URL
      ? 'DATABASE_MIGRATION_URL: required when DATABASE_URL has pgbouncer=true (migrations need a direct or session-mode connection)'
      : null,
  ].filter(Boolean);
  if (pairing.length) throw new EnvError(`Invalid environment:\n  ${pairing.join('\n  ')}`);
  return { ...env, APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '') };
}

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = parseEnv(process.env);
    // The start script resolves "embedded" to a URL before it starts anything
    // that reads the environment here; a process started by hand cannot.
    for (const name of ['DATABASE_URL', 'REDIS_URL'] as const) {
      if (parsed[name] === EMBEDDED)
        throw new EnvError(
          `${name}=embedded is resolved by npm start (and npm run cli); a process started on its own needs the URL of a running server (.switchboard/embedded.json has the embedded one's while npm start runs)`,
        );
    }
    cached = parsed;
  }
  return cached;
}

/**
 * DATABASE_URL / REDIS_URL as given: undefined when unset (npm start then
 * probes 127.0.0.1 and falls back to the embedded server), "embedded", or a URL.
 */
export function serviceSettings(source: Record<string, string | undefined> = process.env) {
  return { database: source.DATABASE_URL || undefined, redis: source.REDIS_URL || undefined };
}

/** SWITCHBOARD_HOME when set (the start script's data folder; default .switchboard/ in the project). */
export function switchboardHomeSetting(source: Record<string, string | undefined> = process.env): string | undefined {
  return source.SWITCHBOARD_HOME || undefined;
}

/** Where migrations run: DATABASE_MIGRATION_URL when set, else DATABASE_URL. */
export const migrationUrl = (e: Pick<Env, 'DATABASE_URL' | 'DATABASE_MIGRATION_URL'>) =>
  e.DATABASE_MIGRATION_URL ?? e.DATABASE_URL;

export function databaseUrl(): string {
  return env().DATABASE_URL;
}

/** APP_SECRET is generated and persisted by the start script when unset. */
export function appSecret(): string {
  const secret = env().APP_SECRET;
  if (!secret) throw new EnvError('APP_SECRET is not set (npm start generates one; set it for other entry points)');
  return secret;
}
