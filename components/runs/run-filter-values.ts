import type { RunStatusValue } from '@/lib/runs/run-statuses';

// The runs page's filter as the browser holds it, and as the server takes it.
// Plain values (no 'use client'), so the page can read a link's filter too.

export const timePresets = {
  '': 'Any time',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  custom: 'Between…',
} as const;
export type TimePreset = keyof typeof timePresets;

export type RunsFilter = {
  search: string;
  flowId: string;
  status: RunStatusValue | '';
  time: TimePreset;
  /** datetime-local values (the browser's time zone), for `custom`. */
  from: string;
  to: string;
};

export const emptyFilter: RunsFilter = { search: '', flowId: '', status: '', time: '', from: '', to: '' };

export const presetMs: Record<string, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

const isoOf = (local: string) =>
  local && !Number.isNaN(Date.parse(local)) ? new Date(local).toISOString() : undefined;

/** The filter as the server takes it (a preset becomes `since` as of now). */
export function filterQuery(f: RunsFilter, fixedFlowId?: string) {
  const since = f.time in presetMs ? new Date(Date.now() - presetMs[f.time]!).toISOString() : undefined;
  return {
    flowId: fixedFlowId ?? (f.flowId || undefined),
    status: f.status || undefined,
    search: f.search.trim() || undefined,
    since: f.time === 'custom' ? isoOf(f.from) : since,
    until: f.time === 'custom' ? isoOf(f.to) : undefined,
  };
}
