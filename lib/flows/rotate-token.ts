import { db } from '../db';
import { notFound } from '../errors';
import { flowSelect, toFlowView, type FlowView } from './flow-view';
import { newWebhookToken } from './webhook-url';

/** Gives the flow a new webhook URL; the old one answers 404 from now on. */
export async function rotateToken(workspaceId: string, id: string): Promise<FlowView> {
  const { count } = await db.flow.updateMany({ where: { id, workspaceId }, data: { token: newWebhookToken() } });
  if (count === 0) throw notFound('Flow');
  return toFlowView(await db.flow.findFirstOrThrow({ where: { id, workspaceId }, select: flowSelect }));
}
