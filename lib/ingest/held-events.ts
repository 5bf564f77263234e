import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { db } from '../db';
import { notFound } from '../errors';
import { enqueue } from '../queue/queues';
import { sharedProducer } from '../queue/redis';

// Events that arrived while their flow was paused. They are never dropped
// silently: resuming (or POST /flows/{id}/held/run) runs them, or the user
// discards them.

async function assertFlow(workspaceId: string, flowId: string) {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  if (!flow) throw notFound('Flow');
}

/** Turns the flow's held events into accepted ones and queues their runs. */
export async function releaseHeldEvents(workspaceId: string, flowId: string): Promise<{ released: number }> {
  await assertFlow(workspaceId, flowId);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE event SET status = 'accepted'
    WHERE "workspaceId" = ${workspaceId}::uuid AND "flowId" = ${flowId}::uuid AND status = 'held'
    RETURNING id::text AS id`;
  // Committed first; a job Redis does not take now is added by the sweeper.
  if (sharedProducer().status === 'ready') {
    await Promise.allSettled(rows.map(({ id }) => enqueue('event.accepted', { eventId: id }, { jobId: id })));
  }
  return { released: rows.length };
}

/** Marks the flow's held events as discarded: kept in the list, never run; audited when any were. */
export async function discardHeldEvents(
  workspaceId: string,
  flowId: string,
  audit?: AuditCtx,
): Promise<{ discarded: number }> {
  await assertFlow(workspaceId, flowId);
  const discarded = await db.$transaction(async (tx) => {
    const n = await tx.$executeRaw`
      UPDATE event SET status = 'discarded'
      WHERE "workspaceId" = ${workspaceId}::uuid AND "flowId" = ${flowId}::uuid AND status = 'held'`;
    if (n > 0) {
      await recordAudit(tx, workspaceId, audit, {
        action: 'flow.held_discard',
        targetType: 'flow',
        targetId: flowId,
        detail: { discarded: n },
      });
    }
    return n;
  });
  return { discarded };
}
