import { spawn } from 'node:child_process';
import path from 'node:path';
import { childEnv } from './processes';

// `npm run cli -- …` as an operator runs it, against the suite's database
// unless `env` points elsewhere.

const root = path.resolve(import.meta.dirname, '../..');

export function runCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/cli.ts'), ...args], {
    cwd: root,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

export const lastLine = (s: string) => s.trimEnd().split('\n').pop()!;
