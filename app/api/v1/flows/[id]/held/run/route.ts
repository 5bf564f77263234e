import { apiRoute, assertId } from '@/lib/api/handler';
import { releaseHeldEvents } from '@/lib/ingest/held-events';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({}, ({ workspaceId, params }) =>
  releaseHeldEvents(workspaceId, assertId(params.id, 'Flow')),
);
