import { apiRoute, assertId } from '@/lib/api/handler';
import { listEvents, listEventsQuery } from '@/lib/ingest/list-events';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ query: listEventsQuery }, ({ workspaceId, params, query }) =>
  listEvents(workspaceId, assertId(params.id, 'Flow'), query),
);
