import { apiRoute, assertId, json } from '@/lib/api/handler';
import { replayInput, replayRun } from '@/lib/runs/replay-run';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ body: replayInput }, async ({ workspaceId, params, body }) =>
  json(await replayRun(workspaceId, assertId(params.id, 'Run'), { fromFailedStep: body?.fromFailedStep }), 202),
);
