import { apiRoute, assertId } from '@/lib/api/handler';
import { getEvent } from '@/lib/ingest/get-event';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, ({ workspaceId, params }) => getEvent(workspaceId, assertId(params.id, 'Event')));
