import { apiRoute, json } from '@/lib/api/handler';
import { recordAuditAfter } from '@/lib/audit/record-audit';
import { bulkReplayJobInput, createBulkReplay, describeBulkReplay } from '@/lib/runs/bulk-replay';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ body: bulkReplayJobInput }, async ({ workspaceId, body, audit }) => {
  const job = await createBulkReplay(workspaceId, body);
  await recordAuditAfter(workspaceId, audit, {
    action: 'run.bulk_replay',
    targetType: body.flowId ? 'flow' : 'run',
    targetId: body.flowId ?? null,
    detail: { jobId: job.id, total: job.total, ...describeBulkReplay(body) },
  });
  return json(job, 202);
});
