'use client';

import { useEffect, useState } from 'react';
import { fetchFailedRunCount } from '@/app/(app)/runs/actions';

const POLL_MS = 15_000;

/** Count of failed runs in the last 24 h, next to "Runs" in the navigation. */
export function FailedRunsBadge() {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () =>
      fetchFailedRunCount().then(
        (n) => live && setCount(n),
        () => {},
      );
    void load();
    const t = setInterval(() => document.visibilityState === 'visible' && void load(), POLL_MS);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, []);
  // Same width whether or not it shows, so the nav never shifts.
  return (
    <span
      className={
        count ? 'ml-auto rounded-full bg-red-100 px-1.5 text-xs font-semibold text-red-700 tabular-nums' : 'ml-auto'
      }
      data-testid="failed-runs-badge"
      aria-label={count ? `${count} failed in the last 24 hours` : undefined}
      title={count ? 'Failed runs in the last 24 hours' : undefined}
    >
      {count || null}
    </span>
  );
}
