import { apiRoute, assertId } from '@/lib/api/handler';
import { getBulkReplay } from '@/lib/runs/bulk-replay';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, ({ workspaceId, params }) =>
  getBulkReplay(workspaceId, assertId(params.id, 'Replay job')),
);
