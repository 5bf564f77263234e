// Set when the worker process is shutting down: runs finish the steps already
// in flight, start no new ones, and hand the rest back to the queue.
let draining = false;

export const isDraining = () => draining;

export function startDraining(): void {
  draining = true;
}

// The steps in flight and when each must end (its timeout). A stopping worker
// waits for them rather than exiting under them: a call cut off could already
// have reached its target, and the next worker would make it again.
const inFlight = new Set<{ until: number }>();

/** Marks a step's execution as started; call the result when it is over. */
export function stepStarted(timeoutMs: number): () => void {
  const entry = { until: Date.now() + timeoutMs };
  inFlight.add(entry);
  return () => inFlight.delete(entry);
}

/** When the last step in flight reaches its timeout (0 when none is in flight). */
export const lastStepDeadline = () => Math.max(0, ...[...inFlight].map((e) => e.until));
