'use server';

import { guardedAction } from '@/lib/auth/guarded-action';
import { failedRunCount } from '@/lib/runs/failed-run-count';
import { runDetailView } from '@/lib/runs/run-detail-view';
import { countRuns } from '@/lib/runs/count-runs';
import { cleanRunFilter, listRunRows, type RunRowsQuery } from '@/lib/runs/run-list-rows';
import { isUuid } from '@/lib/db/is-uuid';

// Live data for the runs pages and the navigation badge, polled by client
// components. Each call checks the session and scopes to its workspace
// (guardedAction); signed out, they answer null / 0 as before.

export const fetchRunRows = guardedAction(
  'viewer',
  async (user, q: Omit<RunRowsQuery, 'limit'>) => listRunRows(user.workspace.id, { ...q, limit: 50 }),
  () => null,
);

/** "Select all N matching": how many runs the filter matches. */
export const fetchRunCount = guardedAction(
  'viewer',
  async (user, q: Omit<RunRowsQuery, 'limit' | 'cursor'>) => {
    const filter = cleanRunFilter(q);
    return filter ? countRuns(user.workspace.id, filter) : null;
  },
  () => null,
);

export const fetchFailedRunCount = guardedAction(
  'viewer',
  async (user) => failedRunCount(user.workspace.id),
  () => 0,
);

export const fetchRunDetail = guardedAction(
  'viewer',
  async (user, id: string) => (isUuid(id) ? runDetailView(user.workspace.id, id) : null),
  () => null,
);
