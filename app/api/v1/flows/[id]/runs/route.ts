import { apiRoute, flowParams } from '@/lib/api/handler';
import { listFlowRuns, runsQuery } from '@/lib/runs/list-runs';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ params: flowParams, query: runsQuery }, ({ workspaceId, params, query }) =>
  listFlowRuns(workspaceId, params.id, query),
);
