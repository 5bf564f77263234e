import type { ChildProcess } from 'node:child_process';

// Keeps the parts `npm start` runs (web, worker) alive: a part that exits or is
// killed (a crash, the kernel's OOM killer, kill -9) is started again on its
// own, after a pause that doubles while it keeps dying young (1 s up to 30 s) —
// the other part keeps serving meanwhile. Nothing is lost by a restart: every
// accepted event and every step's state is in PostgreSQL, and a run whose
// worker died is taken over once its lease runs out (the engine fails a step
// that keeps killing its worker instead of looping on it).
// SIGTERM / SIGINT are passed on to every part; the supervisor exits once all
// have stopped, with the first non-zero code among them.

export type Part = {
  name: string;
  start: () => ChildProcess;
};

const FIRST_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 30_000;
/** A part that ran this long before dying starts again after the first pause. */
const HEALTHY_AFTER_MS = 60_000;

const say = (message: string) => console.error(`switchboard: ${message}`);

export function supervise(parts: Part[]): { stop: (signal: NodeJS.Signals) => void } {
  let stopping = false;
  let exitCode = 0;
  const running = new Map<string, ChildProcess>();
  const timers = new Map<string, NodeJS.Timeout>();
  const pauses = new Map<string, number>();

  const launch = (part: Part) => {
    const startedAt = Date.now();
    const child = part.start();
    running.set(part.name, child);
    child.on('exit', (code, signal) => {
      running.delete(part.name);
      if (stopping) {
        if (code) exitCode ||= code;
        if (running.size === 0) process.exit(exitCode);
        return;
      }
      const lived = Date.now() - startedAt;
      const pause =
        lived >= HEALTHY_AFTER_MS ? FIRST_PAUSE_MS : Math.min(MAX_PAUSE_MS, pauses.get(part.name) ?? FIRST_PAUSE_MS);
      pauses.set(part.name, Math.min(MAX_PAUSE_MS, pause * 2));
      say(
        `${part.name} stopped (${signal ?? `exit code ${code}`}); starting it again in ${Math.round(pause / 1000)} s`,
      );
      timers.set(
        part.name,
        setTimeout(() => {
          timers.delete(part.name);
          if (!stopping) launch(part);
        }, pause),
      );
    });
    child.on('error', (err) => say(`${part.name} could not be started: ${err.message}`));
  };

  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    if (running.size === 0) process.exit(exitCode);
    for (const c of running.values()) if (c.exitCode === null && c.signalCode === null) c.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  for (const part of parts) launch(part);
  return { stop };
}
