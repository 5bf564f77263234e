'use client';

import { useSyncExternalStore } from 'react';

/**
 * The current time, to `stepMs`, for "so far" durations and countdowns; null
 * on the server and while hydrating. The server's clock and the browser's
 * differ, so anything computed from "now" during hydration would differ too
 * (React error #418); the browser's time is swapped in right after.
 */
export function useNow(stepMs: number): number | null {
  return useSyncExternalStore(
    (onChange) => {
      const t = setInterval(onChange, stepMs);
      return () => clearInterval(t);
    },
    // Rounded, so that reads between two ticks agree.
    () => Math.floor(Date.now() / stepMs) * stepMs,
    () => null,
  );
}
