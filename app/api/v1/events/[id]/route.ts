import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { getEvent } from '@/lib/ingest/get-event';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Event') });

export const GET = apiRoute({ params }, ({ workspaceId, params }) => getEvent(workspaceId, params.id));
