import { apiRoute, assertId, json } from '@/lib/api/handler';
import { recordAuditAfter } from '@/lib/audit/record-audit';
import { replayInput, replayRun } from '@/lib/runs/replay-run';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ body: replayInput }, async ({ workspaceId, params, body, audit }) => {
  const id = assertId(params.id, 'Run');
  const result = await replayRun(workspaceId, id, { fromFailedStep: body?.fromFailedStep });
  await recordAuditAfter(workspaceId, audit, {
    action: 'run.replay',
    targetType: 'run',
    targetId: id,
    detail: { newRunId: result.runId, fromFailedStep: !!body?.fromFailedStep },
  });
  return json(result, 202);
});
