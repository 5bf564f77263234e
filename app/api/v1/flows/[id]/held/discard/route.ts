import { apiRoute, flowParams } from '@/lib/api/handler';
import { discardHeldEvents } from '@/lib/ingest/held-events';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ params: flowParams }, ({ workspaceId, params, audit }) =>
  discardHeldEvents(workspaceId, params.id, audit),
);
