'use server';

import { getCurrentUser } from '@/lib/auth/current-user';
import { failedRunCount } from '@/lib/runs/failed-run-count';
import { runDetailView } from '@/lib/runs/run-detail-view';
import { countRuns } from '@/lib/runs/count-runs';
import { cleanRunFilter, listRunRows, type RunRowsQuery } from '@/lib/runs/run-list-rows';

// Live data for the runs pages and the navigation badge, polled by client
// components. Each call checks the session and scopes to its workspace.

export async function fetchRunRows(q: Omit<RunRowsQuery, 'limit'>) {
  const user = await getCurrentUser();
  if (!user) return null;
  return listRunRows(user.workspace.id, { ...q, limit: 50 });
}

/** "Select all N matching": how many runs the filter matches. */
export async function fetchRunCount(q: Omit<RunRowsQuery, 'limit' | 'cursor'>) {
  const user = await getCurrentUser();
  const filter = cleanRunFilter(q);
  if (!user || !filter) return null;
  return countRuns(user.workspace.id, filter);
}

export async function fetchFailedRunCount() {
  const user = await getCurrentUser();
  if (!user) return 0;
  return failedRunCount(user.workspace.id);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function fetchRunDetail(id: string) {
  const user = await getCurrentUser();
  if (!user || !uuid.test(id)) return null;
  return runDetailView(user.workspace.id, id);
}
