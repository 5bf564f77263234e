'use server';

import { getCurrentUser } from '@/lib/auth/current-user';
import { failedRunCount } from '@/lib/runs/failed-run-count';
import { runDetailView } from '@/lib/runs/run-detail-view';
import { listRunRows } from '@/lib/runs/run-list-rows';
import type { RunStatusValue } from '@/lib/runs/run-statuses';

// Live data for the runs pages and the navigation badge, polled by client
// components. Each call checks the session and scopes to its workspace.

export async function fetchRunRows(q: { flowId?: string; status?: RunStatusValue; search?: string; cursor?: string }) {
  const user = await getCurrentUser();
  if (!user) return null;
  const search = typeof q.search === 'string' ? q.search : undefined;
  return listRunRows(user.workspace.id, { flowId: q.flowId, status: q.status, search, cursor: q.cursor, limit: 50 });
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
