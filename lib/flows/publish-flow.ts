import { publisherOf, recordAudit, type AuditCtx } from '../audit/record-audit';
import { syncBackupCheckQuietly } from '../backup-check/schedule-backup-check';
import { db, Prisma } from '../db';
import { notFound } from '../errors';
import { graphError } from './flow-input';
import { graphSchema, normalizeGraph } from './graph';
import { publishError, publishProblems } from './publish-check';

/**
 * Validates the draft and stores it as the next immutable version. A draft
 * flow goes live; a paused flow stays paused (its new version runs on resume).
 */
export async function publishFlow(workspaceId: string, id: string, audit?: AuditCtx): Promise<{ version: number }> {
  const published = await db.$transaction(async (tx) => {
    // Row lock: two publishes of one flow get consecutive version numbers.
    const rows = await tx.$queryRaw<{ draftGraph: unknown; publishedVersion: number | null; status: string }[]>`
      SELECT "draftGraph", "publishedVersion", "status"::text FROM flow
      WHERE id = ${id}::uuid AND "workspaceId" = ${workspaceId}::uuid FOR UPDATE`;
    const flow = rows[0];
    if (!flow) throw notFound('Flow');
    const parsed = graphSchema.safeParse(flow.draftGraph);
    if (!parsed.success) throw graphError([{ path: '', message: 'The saved draft is malformed' }]);
    const problems = publishProblems(parsed.data);
    if (problems.length) throw publishError(parsed.data, problems);
    const version = (flow.publishedVersion ?? 0) + 1;
    await tx.flowVersion.create({
      // A draft saved before redirectUrl was normalised is normalised now.
      data: {
        workspaceId,
        flowId: id,
        version,
        graph: normalizeGraph(parsed.data) as Prisma.InputJsonValue,
        ...publisherOf(audit),
      },
    });
    await tx.flow.update({
      where: { id },
      data: { publishedVersion: version, ...(flow.status === 'draft' ? { status: 'live' } : {}) },
    });
    await recordAudit(tx, workspaceId, audit, {
      action: 'flow.publish',
      targetType: 'flow',
      targetId: id,
      detail: { version },
    });
    return { version };
  });
  // Publishing is where a backup check's config takes effect (its first poll, the baseline, starts now).
  await syncBackupCheckQuietly(id);
  return published;
}
