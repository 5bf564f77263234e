'use client';

import { useNow } from './use-now';

const exactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const utc = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** "in 42 s", "in 3 min 5 s", "12 s ago": to the second. */
export function relativeText(ms: number): string {
  const future = ms >= 0;
  let s = Math.round(Math.abs(ms) / 1000);
  if (s === 0) return 'now';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  s %= 60;
  const text = h ? `${h} h ${m} min` : m ? `${m} min ${s} s` : `${s} s`;
  return future ? `in ${text}` : `${text} ago`;
}

/**
 * A moment relative to now, counting every second, with the exact time on
 * hover. Server and first client render show the UTC time (the same on both,
 * so hydration never differs); the count starts after mount.
 */
export function RelativeTime({ value, testId }: { value: string; testId?: string }) {
  const date = new Date(value);
  const now = useNow(1000);
  if (Number.isNaN(date.getTime())) return <span className="text-slate-400">—</span>;
  return (
    <time
      dateTime={date.toISOString()}
      title={now === null ? utc(date) : exactFormat.format(date)}
      data-testid={testId}
      className="tabular-nums"
    >
      {now === null ? utc(date) : relativeText(date.getTime() - now)}
    </time>
  );
}
