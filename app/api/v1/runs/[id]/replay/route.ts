import { z } from 'zod';
import { apiRoute, idParam, json } from '@/lib/api/handler';
import { recordAuditAfter } from '@/lib/audit/record-audit';
import { replayInput, replayRun } from '@/lib/runs/replay-run';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Run') });

export const POST = apiRoute({ params, body: replayInput }, async ({ workspaceId, params: { id }, body, audit }) => {
  const result = await replayRun(workspaceId, id, { fromFailedStep: body?.fromFailedStep });
  await recordAuditAfter(workspaceId, audit, {
    action: 'run.replay',
    targetType: 'run',
    targetId: id,
    detail: { newRunId: result.runId, fromFailedStep: !!body?.fromFailedStep },
  });
  return json(result, 202);
});
