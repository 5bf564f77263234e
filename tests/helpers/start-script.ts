import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { childEnv } from './processes';
import { waitFor } from './ports';

// `npm start` / `npm run start:web` / `npm run start:worker` as a user runs them
// (scripts/start.ts through tsx), in a process group of its own so a test can
// stop the script and every process it started, whatever state they are in.

const root = path.resolve(import.meta.dirname, '../..');
const logDir = path.join(root, 'test-results/logs');

export type StartedScript = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Waits for a line of its output (and its children's) matching `re`. */
  waitForOutput: (re: RegExp, timeoutMs?: number) => Promise<void>;
  /** The pids of the processes it started (web, worker), by mode. */
  childPids: () => { web?: number; worker?: number };
  /** SIGTERM to the script (which forwards it), then SIGKILL to the whole group if it lingers. */
  stop: (graceMs?: number) => Promise<number | null>;
};

export function startScript(
  mode: 'all' | 'web' | 'worker',
  env: Record<string, string>,
  name = `start-${mode}`,
): StartedScript {
  mkdirSync(logDir, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts'), mode], {
    cwd: root,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = createWriteStream(path.join(logDir, `${name}-${child.pid}.log`));
  let output = '';
  const collect = (d: Buffer) => {
    output += d.toString();
    log.write(d);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    exited,
    output: () => output,
    waitForOutput: (re, timeoutMs = 90_000) =>
      Promise.race([
        waitFor(async () => re.test(output), {
          timeoutMs,
          intervalMs: 100,
          what: `${re} in the output of start.ts ${mode}`,
        }),
        // Exiting first fails at once, with what it said.
        exited.then(() => {
          if (!re.test(output)) throw new Error(`start.ts ${mode} exited: ${output.slice(-2000)}`);
        }),
      ]).then(() => undefined),
    childPids: () => childPids(child.pid!),
    async stop(graceMs = 25_000) {
      if (alive()) child.kill('SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid!), graceMs);
      const code = await exited;
      clearTimeout(timer);
      // Whatever the script left behind (it should have left nothing).
      killGroup(child.pid!);
      return code;
    },
  };
}

function killGroup(pid: number) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** The direct children of `pid`, told apart by the bundle (or entry) they run. */
export function childPids(pid: number): { web?: number; worker?: number } {
  const found: { web?: number; worker?: number } = {};
  let list = '';
  try {
    list = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
  } catch {
    return found;
  }
  for (const c of list.trim().split(/\s+/).filter(Boolean).map(Number)) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (/switchboard-web|web[/\\]main/.test(cmd)) found.web = c;
    else if (/switchboard-worker|worker[/\\]main/.test(cmd)) found.worker = c;
  }
  return found;
}
