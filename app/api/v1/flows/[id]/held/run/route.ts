import { apiRoute, flowParams } from '@/lib/api/handler';
import { releaseHeldEvents } from '@/lib/ingest/held-events';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ params: flowParams }, ({ workspaceId, params }) =>
  releaseHeldEvents(workspaceId, params.id),
);
