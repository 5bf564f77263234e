'use client';

import { useSyncExternalStore } from 'react';

const noSubscribe = () => () => {};
const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * A timestamp in the reader's time zone. The server renders UTC (it cannot know
 * the zone); the browser swaps in local time after hydration.
 */
export function LocalTime({ value, fallback = '—' }: { value: string | Date | null | undefined; fallback?: string }) {
  const inBrowser = useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
  const date = value ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return <span className="text-slate-400">{fallback}</span>;
  return (
    <time dateTime={date.toISOString()} title={utc(date)}>
      {inBrowser ? localFormat.format(date) : utc(date)}
    </time>
  );
}
