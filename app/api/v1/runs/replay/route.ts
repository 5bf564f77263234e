import { apiRoute, json } from '@/lib/api/handler';
import { recordAuditAfter } from '@/lib/audit/record-audit';
import { bulkReplayInput, replayRuns } from '@/lib/runs/replay-runs';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ body: bulkReplayInput }, async ({ workspaceId, body, audit }) => {
  const result = await replayRuns(workspaceId, body);
  // The filter says which runs were meant; it holds no secrets.
  await recordAuditAfter(workspaceId, audit, {
    action: 'run.bulk_replay',
    targetType: body.flowId ? 'flow' : 'run',
    targetId: body.flowId ?? null,
    detail: {
      queued: result.queued,
      status: body.status ?? null,
      since: body.since ?? null,
      fromFailedStep: !!body.fromFailedStep,
    },
  });
  return json(result, 202);
});
