import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { db } from '../db';
import { notFound } from '../errors';
import { flowSelect, toFlowView, type FlowView } from './flow-view';
import { newWebhookToken } from './webhook-url';

/** Gives the flow a new webhook URL; the old one answers 404 from now on. */
export async function rotateToken(workspaceId: string, id: string, audit?: AuditCtx): Promise<FlowView> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.flow.updateMany({ where: { id, workspaceId }, data: { token: newWebhookToken() } });
    if (count === 0) throw notFound('Flow');
    // The token itself is a secret: the entry names the flow only.
    await recordAudit(tx, workspaceId, audit, { action: 'flow.rotate_token', targetType: 'flow', targetId: id });
  });
  return toFlowView(await db.flow.findFirstOrThrow({ where: { id, workspaceId }, select: flowSelect }));
}
