// Set when the worker process is shutting down: runs finish the steps already
// in flight, start no new ones, and hand the rest back to the queue.
let draining = false;

export const isDraining = () => draining;

export function startDraining(): void {
  draining = true;
}
