'use client';

import { useEffect, useState } from 'react';
import { api } from '@/lib/api/client';

const POLL_MS = 15_000;
const DAY_MS = 24 * 3600 * 1000;

/** Count of failed runs in the last 24 h, next to "Runs" in the navigation. */
export function FailedRunsBadge() {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () =>
      api('GET /runs/count', {
        query: { status: 'failed', since: new Date(Date.now() - DAY_MS).toISOString() },
      }).then(
        (res) => live && setCount(res.count),
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
