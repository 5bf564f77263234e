import { db } from '../db';
import { notFound } from '../errors';
import { flowSelect, toFlowView, type FlowView } from './flow-view';

export async function getFlow(workspaceId: string, id: string): Promise<FlowView> {
  const row = await db.flow.findFirst({ where: { id, workspaceId }, select: flowSelect });
  if (!row) throw notFound('Flow');
  return toFlowView(row);
}
