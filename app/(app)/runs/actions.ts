'use server';

import { guardedAction } from '@/lib/auth/guarded-action';
import { failedRunCount } from '@/lib/runs/failed-run-count';
import { runDetailView } from '@/lib/runs/run-detail-view';
import { listRunRows } from '@/lib/runs/run-list-rows';
import type { RunStatusValue } from '@/lib/runs/run-statuses';

// Live data for the runs pages and the navigation badge, polled by client
// components. Each call checks the session and scopes to its workspace
// (guardedAction); signed out, they answer null / 0 as before.

export const fetchRunRows = guardedAction(
  'viewer',
  async (user, q: { flowId?: string; status?: RunStatusValue; search?: string; cursor?: string }) => {
    const search = typeof q.search === 'string' ? q.search : undefined;
    return listRunRows(user.workspace.id, { flowId: q.flowId, status: q.status, search, cursor: q.cursor, limit: 50 });
  },
  () => null,
);

export const fetchFailedRunCount = guardedAction(
  'viewer',
  async (user) => failedRunCount(user.workspace.id),
  () => 0,
);

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const fetchRunDetail = guardedAction(
  'viewer',
  async (user, id: string) => (uuid.test(id) ? runDetailView(user.workspace.id, id) : null),
  () => null,
);
