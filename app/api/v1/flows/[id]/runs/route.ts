import { apiRoute, assertId } from '@/lib/api/handler';
import { listFlowRuns, runsQuery } from '@/lib/runs/list-runs';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ query: runsQuery }, ({ workspaceId, params, query }) =>
  listFlowRuns(workspaceId, assertId(params.id, 'Flow'), query),
);
