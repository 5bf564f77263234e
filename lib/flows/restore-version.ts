import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { db, Prisma } from '../db';
import { AppError, notFound } from '../errors';
import { flowSelect, toFlowView, type FlowView } from './flow-view';

// Recovering from a bad change: the draft becomes an older version's graph
// (restore) or the live one's (discard). Neither changes what runs until the
// flow is published; publishing a restored draft makes a new version.

async function replaceDraftWith(
  workspaceId: string,
  flowId: string,
  pick: (flow: { publishedVersion: number | null }) => number,
  audit: AuditCtx | undefined,
  action: 'flow.restore' | 'flow.discard_draft',
): Promise<FlowView> {
  return db.$transaction(async (tx) => {
    const flow = await tx.flow.findFirst({ where: { id: flowId, workspaceId }, select: { publishedVersion: true } });
    if (!flow) throw notFound('Flow');
    const version = pick(flow);
    const row = await tx.flowVersion.findFirst({ where: { flowId, workspaceId, version }, select: { graph: true } });
    if (!row) throw notFound('Version');
    const updated = await tx.flow.update({
      where: { id: flowId },
      data: { draftGraph: row.graph as Prisma.InputJsonValue },
      select: flowSelect,
    });
    await recordAudit(tx, workspaceId, audit, { action, targetType: 'flow', targetId: flowId, detail: { version } });
    return toFlowView(updated);
  });
}

/** The draft becomes version `version`'s graph; publish to make it live. */
export function restoreVersion(
  workspaceId: string,
  flowId: string,
  version: number,
  audit?: AuditCtx,
): Promise<FlowView> {
  return replaceDraftWith(workspaceId, flowId, () => version, audit, 'flow.restore');
}

/** The draft goes back to the live (latest published) version; 409 if the flow was never published. */
export function discardDraft(workspaceId: string, flowId: string, audit?: AuditCtx): Promise<FlowView> {
  return replaceDraftWith(
    workspaceId,
    flowId,
    (flow) => {
      if (flow.publishedVersion === null) {
        throw new AppError('conflict', 'The flow has never been published: there is no live version to go back to.');
      }
      return flow.publishedVersion;
    },
    audit,
    'flow.discard_draft',
  );
}
