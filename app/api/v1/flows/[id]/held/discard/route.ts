import { apiRoute, assertId } from '@/lib/api/handler';
import { discardHeldEvents } from '@/lib/ingest/held-events';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({}, ({ workspaceId, params, audit }) =>
  discardHeldEvents(workspaceId, assertId(params.id, 'Flow'), audit),
);
