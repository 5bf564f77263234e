import { logger } from '../log';

// The last line of defence of the web and worker processes.
//
// - An unhandled promise rejection is logged (with the job it came from, when
//   known) and the process keeps serving. A rejected promise nobody awaited
//   leaves no callback half-run: the work it belonged to has already failed
//   through its own path, or is retried when its lease or job lock runs out.
//   (Node's default is to exit, which would throw away every job in flight
//   for one stray rejection.)
// - An uncaught exception is logged the same way, and the process exits with
//   code 1 for its supervisor (npm start, Docker, systemd) to start it again.
//   The exception stopped some callback half-way — possibly inside a database
//   or Redis client, whose connection state may now be wrong — so carrying on
//   could do worse than stopping. Nothing is lost: events are committed before
//   they are answered and every step's state is in PostgreSQL. The runs that
//   were in flight are taken over by the next worker; one whose step keeps
//   causing this is failed by the crash-loop guard (lib/engine/crash-guard.ts)
//   after three deaths instead of taking workers down forever.

type Context = () => Record<string, unknown> | undefined;

/** Error name, first part of the message and the stack: enough to find the bug, not the payload. */
const describe = (reason: unknown) => {
  if (!(reason instanceof Error)) return { type: typeof reason };
  return {
    type: reason.name,
    message: reason.message.slice(0, 200),
    stack: reason.stack?.split('\n').slice(1, 12).join('\n'),
  };
};

let installed = false;

export function installSafetyNet(part: 'web' | 'worker', context: Context = () => undefined): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    logger.error(
      { part, err: describe(reason), ...context() },
      'unhandled promise rejection; logged, the process keeps serving',
    );
  });
  process.on('uncaughtException', (err, origin) => {
    logger.fatal(
      { part, origin, err: describe(err), ...context() },
      `uncaught exception; the ${part} process exits so its supervisor starts it again`,
    );
    process.exit(1);
  });
}
