import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { ensureSecretFile } from './home';
import {
  commandLine,
  EmbeddedServiceError,
  findOnPath,
  freePort,
  logTail,
  pidAlive,
  waitForExit,
  type EmbeddedService,
} from './process-tools';

// REDIS_URL=embedded: a private redis-server on 127.0.0.1 and a free port,
// with noeviction (queued jobs must never be evicted), AOF in <home>/redis and
// a generated password. The binary is the one on the PATH or, failing that,
// one built once from the source tarball (REDIS_SOURCE_URL) into
// ~/.cache/switchboard, as redis-memory-server does. When that cannot work
// (offline, no compiler) the error is one line with the install command.

/** The command that installs Redis on this system. */
export function installHint(): string {
  if (process.platform === 'darwin') return 'brew install redis';
  if (process.platform === 'win32') return 'use WSL, or Memurai';
  if (fs.existsSync('/etc/debian_version')) return 'sudo apt-get install redis-server';
  if (fs.existsSync('/etc/alpine-release')) return 'apk add redis';
  if (fs.existsSync('/etc/arch-release')) return 'sudo pacman -S redis';
  if (fs.existsSync('/etc/redhat-release') || fs.existsSync('/etc/fedora-release')) return 'sudo dnf install redis';
  return 'see https://redis.io/docs/latest/operate/oss_and_stack/install/';
}

export const defaultCacheDir = () => path.join(os.homedir(), '.cache', 'switchboard');

/** Where a redis-server built by us lives (tests put it on the PATH of the processes they start). */
export const cachedRedisServer = (cacheDir = defaultCacheDir()) => path.join(cacheDir, 'redis', 'bin', 'redis-server');

type BinaryOptions = { pathEnv: string | undefined; cacheDir: string; sourceUrl: string; log: (line: string) => void };

/** redis-server from the PATH, else the cached build, else built now (once). */
export async function redisServerBinary(opts: BinaryOptions): Promise<string> {
  const found = findOnPath('redis-server', opts.pathEnv);
  if (found) return found;
  const cached = cachedRedisServer(opts.cacheDir);
  if (fs.existsSync(cached)) return cached;
  const failure = (why: string) =>
    new EmbeddedServiceError(
      `no redis-server on the PATH, and ${why}. Install Redis (${installHint()}) or set REDIS_URL.`,
    );
  const missing = ['make', 'tar'].filter((tool) => !findOnPath(tool, opts.pathEnv));
  if (!findOnPath('cc', opts.pathEnv) && !findOnPath('gcc', opts.pathEnv)) missing.push('a C compiler (cc)');
  if (missing.length) throw failure(`building one from source needs ${missing.join(', ')}`);
  try {
    await buildRedis(opts, cached);
  } catch (err) {
    throw failure(`building one failed: ${(err as Error).message}`);
  }
  return cached;
}

async function buildRedis({ cacheDir, sourceUrl, log, pathEnv }: BinaryOptions, target: string) {
  const work = path.join(cacheDir, `redis-build-${process.pid}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'src'), { recursive: true });
  try {
    log(
      `switchboard: no redis-server on the PATH; fetching Redis from ${sourceUrl} to build it once into ${path.dirname(target)}`,
    );
    const tarball = path.join(work, 'redis.tar.gz');
    await download(sourceUrl, tarball, log);
    await exec('tar', ['-xzf', tarball, '-C', path.join(work, 'src'), '--strip-components=1'], work, pathEnv, () => {});
    log('switchboard: building Redis (make; a minute or two)');
    let lines = 0;
    await exec(
      'make',
      [`-j${Math.max(1, os.availableParallelism())}`, 'BUILD_TLS=no', 'MALLOC=libc'],
      path.join(work, 'src'),
      pathEnv,
      () => {
        if (++lines % 100 === 0) log(`switchboard: building Redis… ${lines} lines of make output`);
      },
    );
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(work, 'src', 'src', 'redis-server'), `${target}.tmp`);
    fs.chmodSync(`${target}.tmp`, 0o755);
    fs.renameSync(`${target}.tmp`, target);
    log(`switchboard: built ${target}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function download(url: string, file: string, log: (line: string) => void) {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    const e = err as { cause?: { code?: string; message?: string }; message?: string };
    throw new Error(`downloading ${url}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
  }
  if (!res.ok || !res.body) throw new Error(`downloading ${url}: HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length')) || 0;
  const out = fs.createWriteStream(file);
  let got = 0;
  let shown = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      out.write(chunk);
      got += chunk.length;
      const step = total ? Math.floor((got / total) * 10) : Math.floor(got / 1_000_000);
      if (step > shown) {
        shown = step;
        log(`switchboard: downloading Redis… ${total ? `${step * 10}%` : `${step} MB`}`);
      }
    }
  } catch (err) {
    throw new Error(`downloading ${url}: ${(err as Error).message}`);
  } finally {
    await new Promise((r) => out.end(r));
  }
}

function exec(
  cmd: string,
  args: string[],
  cwd: string,
  pathEnv: string | undefined,
  onLine: () => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, PATH: pathEnv ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-400);
      for (const c of text) if (c === '\n') onLine();
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', (err) => reject(new Error(`${cmd}: ${err.message}`)));
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${cmd} ${args[0] ?? ''} exited with ${code}: ${tail.trim().split('\n').pop()}`)),
    );
  });
}

/** A redis-server an earlier start left running on this data folder: stop it (two on one AOF would corrupt it). */
async function stopLeftover(dir: string, log: (line: string) => void) {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dir, 'redis.pid'), 'utf8').trim());
  } catch {
    return;
  }
  const cmd = pidAlive(pid) ? commandLine(pid) : undefined;
  if (cmd?.includes('redis-server')) {
    log(`switchboard: stopping the embedded Redis (pid ${pid}) an earlier start left running`);
    process.kill(pid, 'SIGTERM');
    if (!(await waitForExit(pid, 30_000)))
      throw new EmbeddedServiceError(
        `the embedded Redis left running (pid ${pid}) did not stop; stop it and start again`,
      );
  }
  fs.rmSync(path.join(dir, 'redis.pid'), { force: true });
}

async function answers(port: number, password: string): Promise<boolean> {
  const redis = new Redis({
    host: '127.0.0.1',
    port,
    password,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export async function startEmbeddedRedis(
  home: string,
  binary: string,
  log: (line: string) => void,
): Promise<EmbeddedService> {
  const dir = path.join(home, 'redis');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = ensureSecretFile(path.join(home, 'redis-password'), 24);
  const logFile = path.join(home, 'redis.log');
  await stopLeftover(dir, log);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const conf = path.join(dir, 'redis.conf');
    fs.writeFileSync(
      conf,
      [
        'bind 127.0.0.1',
        `port ${port}`,
        `dir "${dir}"`,
        `pidfile "${path.join(dir, 'redis.pid')}"`,
        'appendonly yes',
        'appendfsync everysec',
        'save ""',
        'maxmemory-policy noeviction',
        `requirepass ${password}`,
        'daemonize no',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const out = fs.openSync(logFile, 'a', 0o600);
    const child = spawn(binary, [conf], { detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child.unref();
    let exited = false;
    child.once('exit', () => (exited = true));
    child.once('error', () => (exited = true));
    // Loading a large AOF takes a while.
    const deadline = Date.now() + 120_000;
    while (!exited && Date.now() < deadline && !(await answers(port, password))) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const pid = child.pid!;
    if (!exited && Date.now() < deadline) {
      const service: EmbeddedService = {
        url: `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`,
        port,
        pid,
        dataDir: dir,
        stopNow: () => {
          if (pidAlive(pid)) process.kill(pid, 'SIGTERM'); // Redis flushes the AOF and exits
        },
        stop: async () => {
          service.stopNow();
          if (!(await waitForExit(pid, 30_000)) && pidAlive(pid)) process.kill(pid, 'SIGKILL');
        },
      };
      return service;
    }
    if (!exited) child.kill('SIGKILL');
    if (attempt >= 3)
      throw new EmbeddedServiceError(`the embedded Redis did not start: ${logTail(logFile)} (full log: ${logFile})`);
  }
}
