// Browser-safe: the run statuses, for filters in the UI and queries alike.
export const runStatuses = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'canceled'] as const;
export type RunStatusValue = (typeof runStatuses)[number];
