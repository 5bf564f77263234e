import { spawn, type ChildProcess } from 'node:child_process';

// The processes a bench part starts (web, workers), so it can stop them all at
// the end whatever happened.

export function processGroup(cwd: string) {
  const children = new Set<ChildProcess>();
  const start = (args: string[], env: Record<string, string>): ChildProcess => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    return child;
  };
  /** SIGTERM, then SIGKILL if it has not exited within 25 s. */
  const stop = async (child: ChildProcess) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 25_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const stopAll = () => Promise.all([...children].map(stop));
  return { start, stop, stopAll };
}
