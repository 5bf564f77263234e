import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { freePort, waitFor } from '../../tests/helpers/ports';
import { startNode } from './harness';

// The app started as a deployment starts it: `npm run start:web` /
// `start:worker` (scripts/start.ts validates the environment, checks the
// services and applies migrations before it runs the process), each a process
// group of its own.

export async function startScript(
  mode: 'web' | 'worker',
  env: (port: number) => Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = startNode(['--import', 'tsx', 'scripts/start.ts', mode], env(port), { detached: true });
  const url = `http://127.0.0.1:${port}`;
  if (mode === 'web') {
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`start:web exited with code ${code}`))),
    );
    await Promise.race([
      exited,
      waitFor(async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok, {
        timeoutMs: 180_000,
        what: `start:web on ${port}`,
      }),
    ]);
  }
  return { child, url };
}

/** Stops a start script and what it started (its process group). */
export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
}

/** Whether `cmd` is on the PATH. */
export function installed(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
