import { apiRoute } from '@/lib/api/handler';
import { allRunsQuery, listRuns } from '@/lib/runs/list-runs';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ query: allRunsQuery }, ({ workspaceId, query }) => listRuns(workspaceId, query));
