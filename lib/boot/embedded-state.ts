import fs from 'node:fs';
import path from 'node:path';
import { pidAlive } from './process-tools';

// <home>/embedded.json: which process runs the embedded services and their
// URLs, so the CLI, tests and benchmarks use what npm start runs. Written when
// a process takes charge of them (also the lock against two owners on one
// data folder), removed at a clean stop; a file whose owner is dead is stale.

export type EmbeddedState = {
  owner: number;
  startedAt: string;
  /** Filled in once the servers answer. */
  databaseUrl?: string;
  redisUrl?: string;
  postgres?: { pid: number; port: number; dataDir: string };
  redis?: { pid: number; port: number; dataDir: string };
};

export const stateFile = (home: string) => path.join(home, 'embedded.json');

/** The state, when its owner is alive. */
export function readLiveState(home: string): EmbeddedState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(stateFile(home), 'utf8')) as EmbeddedState;
    return pidAlive(state.owner) ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Takes charge of the embedded services in `home`, or returns the live owner's state. */
export function claim(home: string): { ok: true } | { ok: false; state: EmbeddedState } {
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const file = stateFile(home);
  for (;;) {
    try {
      fs.writeFileSync(file, JSON.stringify({ owner: process.pid, startedAt: new Date().toISOString() }) + '\n', {
        flag: 'wx',
        mode: 0o600,
      });
      return { ok: true };
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    }
    const state = readLiveState(home);
    if (state && state.owner !== process.pid) return { ok: false, state };
    fs.rmSync(file, { force: true }); // stale: its owner is gone
  }
}

export function writeState(home: string, state: EmbeddedState): void {
  const tmp = `${stateFile(home)}.${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, stateFile(home));
}

/** Removes the file if this process owns it. */
export function releaseState(home: string): void {
  try {
    const state = JSON.parse(fs.readFileSync(stateFile(home), 'utf8')) as EmbeddedState;
    if (state.owner === process.pid) fs.rmSync(stateFile(home), { force: true });
  } catch {
    // already gone
  }
}
