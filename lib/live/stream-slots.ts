import { AppError } from '../errors';

// How many run-change streams (GET /api/v1/runs/stream) one signed-in person
// (or one API key) may hold open at once, in this web process. Each stream is
// a held connection with a subscriber and a heartbeat timer, so without a cap
// one client could hold thousands.
//
// Over the cap the new stream is refused with 429, not the oldest closed: the
// browser's hook (components/runs/use-live-runs.ts) answers any stream error
// by polling and trying the stream again a minute later, so evicting the
// oldest would make every tab past the cap evict another one each minute,
// forever; refusing the newest leaves the open tabs live and lets the extra
// ones poll until a tab closes and frees a slot.

export const MAX_STREAMS_PER_USER = 20;

const open = new Map<string, number>();

/** Takes a slot for `owner` (e.g. `user:<id>`); the returned release is safe to call more than once. */
export function takeStreamSlot(owner: string, max = MAX_STREAMS_PER_USER): () => void {
  const n = open.get(owner) ?? 0;
  if (n >= max) {
    throw new AppError(
      'rate_limited',
      `Too many live update streams open (at most ${max} per person); close another tab, or this page updates by polling.`,
      undefined,
      { 'Retry-After': '60' },
    );
  }
  open.set(owner, n + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (open.get(owner) ?? 1) - 1;
    if (left > 0) open.set(owner, left);
    else open.delete(owner);
  };
}

/** Streams `owner` holds now (tests, metrics). */
export const openStreams = (owner: string) => open.get(owner) ?? 0;
