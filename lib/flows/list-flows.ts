import { pageArgs, toPage, type PageQuery } from '../api/pagination';
import { db } from '../db';
import { flowSelect, toFlowView } from './flow-view';

export async function listFlows(workspaceId: string, q: PageQuery & { status?: 'draft' | 'live' | 'paused' }) {
  const { where, ...args } = pageArgs(q);
  const rows = await db.flow.findMany({
    ...args,
    where: { ...where, workspaceId, ...(q.status ? { status: q.status } : {}) },
    select: flowSelect,
  });
  return toPage(rows, q, toFlowView);
}
