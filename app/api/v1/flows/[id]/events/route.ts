import { apiRoute, flowParams } from '@/lib/api/handler';
import { listEvents, listEventsQuery } from '@/lib/ingest/list-events';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ params: flowParams, query: listEventsQuery }, ({ workspaceId, params, query }) =>
  listEvents(workspaceId, params.id, query),
);
