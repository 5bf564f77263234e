import { apiRoute } from '@/lib/api/handler';
import { countRuns } from '@/lib/runs/count-runs';
import { runFilterInput } from '@/lib/runs/run-filter';

export const dynamic = 'force-dynamic';

/** How many runs the filter matches: "select all N matching", the failed-runs badge. */
export const GET = apiRoute({ query: runFilterInput }, async ({ workspaceId, query }) => ({
  count: await countRuns(workspaceId, query),
}));
