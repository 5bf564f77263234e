import { z } from 'zod';
import { pageArgs, pageQuery, toPage } from '../api/pagination';
import { db } from '../db';
import { flowSelect, toFlowView } from './flow-view';

/** GET /flows: the route and its OpenAPI operation share it. */
export const listFlowsQuery = pageQuery.extend({ status: z.enum(['draft', 'live', 'paused']).optional() });

export async function listFlows(workspaceId: string, q: z.output<typeof listFlowsQuery>) {
  const { where, ...args } = pageArgs(q);
  const rows = await db.flow.findMany({
    ...args,
    where: { ...where, workspaceId, ...(q.status ? { status: q.status } : {}) },
    select: flowSelect,
  });
  return toPage(rows, q, toFlowView);
}
