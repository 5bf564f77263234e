// Set when the worker process is shutting down: runs finish the steps already
// in flight, start no new ones, and hand the rest back to the queue.
let draining = false;

export const isDraining = () => draining;

export function startDraining(): void {
  draining = true;
}

// The steps in flight and when each must end (its timeout). A stopping worker
// waits for them rather than exiting under them: a call cut off could already
// have reached its target, and the next worker would make it again. It also
// waits a little past the end of the last one, whose outcome is still being
// written when its call returns.
const inFlight = new Set<{ until: number }>();
let lastEnded = 0;

/** Marks a step's execution as started; call the result when it is over. */
export function stepStarted(timeoutMs: number): () => void {
  const entry = { until: Date.now() + timeoutMs };
  inFlight.add(entry);
  return () => {
    inFlight.delete(entry);
    lastEnded = Date.now();
  };
}

/** When the last step in flight reaches its timeout; with none in flight, when the last one ended (0: none yet). */
export const lastStepDeadline = () => Math.max(lastEnded, ...[...inFlight].map((e) => e.until));
