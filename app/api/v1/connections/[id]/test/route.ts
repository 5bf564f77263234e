import { z } from 'zod';
import { apiRoute, assertId } from '@/lib/api/handler';
import { checkConnection } from '@/lib/connections/check-connection';

export const dynamic = 'force-dynamic';

// "Check connection": 200 {ok, message} whether or not the check passed.
export const POST = apiRoute(
  { body: z.object({ url: z.string().url('must be a full URL').optional() }).optional() },
  ({ workspaceId, params, body }) => checkConnection(workspaceId, assertId(params.id, 'Connection'), body ?? {}),
);
