import { apiRoute, json } from '@/lib/api/handler';
import { bulkReplayInput, replayRuns } from '@/lib/runs/replay-runs';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ body: bulkReplayInput }, async ({ workspaceId, body }) => json(await replayRuns(workspaceId, body), 202));
