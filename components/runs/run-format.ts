// Small formatting helpers shared by the runs list and the run page.

export function formatDuration(ms: number): string {
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  if (m < 60) return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

/**
 * Duration of a run: finished − started, or "so far" while it runs. `now` is
 * null while the page hydrates (see useNow): an unfinished run then shows "—".
 */
export function runDuration(
  r: { createdAt: string; startedAt: string | null; finishedAt: string | null },
  now: number | null,
): string {
  const start = new Date(r.startedAt ?? r.createdAt).getTime();
  if (r.finishedAt) return formatDuration(new Date(r.finishedAt).getTime() - start);
  if (!r.startedAt || now === null) return '—';
  return `${formatDuration(now - start)} so far`;
}

export const finalStatuses = new Set(['succeeded', 'failed', 'canceled']);
