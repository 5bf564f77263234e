import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';

// Small process and port helpers for the embedded services (lib/boot/embedded-*.ts).

/** Whether a process with this pid exists (owned by anyone). */
export function pidAlive(pid: number | undefined): boolean {
  if (!pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * The command line of a live process (Linux /proc), or undefined when it is
 * gone or cannot be read (other systems: callers fall back to a probe).
 */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Gone, or exited and not yet reaped by its parent (a zombie still answers kill(0)). */
function exited(pid: number): boolean {
  if (!pidAlive(pid)) return true;
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    // No /proc (macOS): ask ps.
    const ps = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.status === 0 ? ps.stdout.trim().startsWith('Z') : false;
  }
}

/** Waits until the process is gone; false after timeoutMs. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!exited(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** The same, blocking: for a process 'exit' hook, where nothing asynchronous runs any more. */
export function waitForExitSync(pid: number, timeoutMs: number): boolean {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  while (!exited(pid)) {
    if (Date.now() > deadline) return false;
    Atomics.wait(sleeper, 0, 0, 50);
  }
  return true;
}

/** Whether something accepts TCP connections on host:port within timeoutMs. */
export function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The first executable named `name` on a PATH string. */
export function findOnPath(name: string, pathEnv: string | undefined): string | undefined {
  for (const dir of (pathEnv ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The last lines of a log file, for an error message. */
export function logTail(file: string, lines = 5): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join(' | ');
  } catch {
    return '';
  }
}

/** A start-up failure of an embedded service: one line saying what and how to fix it. */
export class EmbeddedServiceError extends Error {}

/** A private server npm start runs (lib/boot/embedded-postgres.ts, embedded-redis.ts). */
export type EmbeddedService = {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** Stops the server cleanly and waits until it is gone. */
  stop(): Promise<void>;
  /** Asks it to stop without waiting (process exit hook). */
  stopNow(): void;
};
