import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { syncBackupCheckQuietly } from '../backup-check/schedule-backup-check';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { discardHeldEvents, releaseHeldEvents } from '../ingest/held-events';
import { flowSelect, toFlowView, type FlowView } from './flow-view';

/** Pausing holds new events; runs already created go on. */
export async function pauseFlow(workspaceId: string, id: string, audit?: AuditCtx): Promise<FlowView> {
  return setStatus(workspaceId, id, 'live', 'paused', audit);
}

/**
 * Resuming makes the flow live again and runs the events held while it was
 * paused, or (`held: "discard"`) marks them discarded: listed, never run.
 * Either way they are settled after the flow is live, so none is left held.
 */
export async function resumeFlow(
  workspaceId: string,
  id: string,
  audit?: AuditCtx,
  held: 'run' | 'discard' = 'run',
): Promise<FlowView & { heldRun: number; heldDiscarded: number }> {
  const view = await setStatus(workspaceId, id, 'paused', 'live', audit);
  if (held === 'discard') {
    const { discarded } = await discardHeldEvents(workspaceId, id, audit);
    return { ...view, heldRun: 0, heldDiscarded: discarded };
  }
  const { released } = await releaseHeldEvents(workspaceId, id);
  return { ...view, heldRun: released, heldDiscarded: 0 };
}

async function setStatus(
  workspaceId: string,
  id: string,
  from: 'live' | 'paused',
  to: 'live' | 'paused',
  audit: AuditCtx | undefined,
) {
  const flow = await db.flow.findFirst({ where: { id, workspaceId }, select: { status: true } });
  if (!flow) throw notFound('Flow');
  if (flow.status === to)
    return toFlowView(await db.flow.findFirstOrThrow({ where: { id, workspaceId }, select: flowSelect }));
  if (flow.status !== from) {
    throw new AppError('conflict', flow.status === 'draft' ? 'Publish the flow first.' : `The flow is ${flow.status}.`);
  }
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.flow.update({ where: { id }, data: { status: to }, select: flowSelect });
    const action = to === 'paused' ? 'flow.pause' : 'flow.resume';
    await recordAudit(tx, workspaceId, audit, { action, targetType: 'flow', targetId: id });
    return updated;
  });
  // A backup check keeps polling while paused (new items are held); this only re-asserts its schedule.
  await syncBackupCheckQuietly(id);
  return toFlowView(row);
}
