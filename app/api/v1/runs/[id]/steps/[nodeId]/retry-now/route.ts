import { apiRoute, assertId, json } from '@/lib/api/handler';
import { retryStepNow } from '@/lib/runs/retry-step-now';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({}, async ({ workspaceId, params }) =>
  json(await retryStepNow(workspaceId, assertId(params.id, 'Run'), params.nodeId ?? ''), 202),
);
