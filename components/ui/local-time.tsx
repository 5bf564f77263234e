'use client';

import { useEffect, useState } from 'react';

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * A timestamp in the reader's time zone. The server renders UTC (it cannot know
 * the zone); the browser swaps in local time after hydration.
 */
export function LocalTime({ value, fallback = '—' }: { value: string | Date | null | undefined; fallback?: string }) {
  const [local, setLocal] = useState<string | null>(null);
  const date = value ? new Date(value) : null;
  const iso = date?.toISOString();

  useEffect(() => {
    if (!iso) return;
    setLocal(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)));
  }, [iso]);

  if (!date || !iso) return <span className="text-slate-400">{fallback}</span>;
  return (
    <time dateTime={iso} title={utc(date)}>
      {local ?? utc(date)}
    </time>
  );
}
