import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { checkConnection } from '@/lib/connections/check-connection';
import { checkConnectionInput } from '@/lib/connections/connection-input';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Connection') });

// "Check connection": 200 {ok, message} whether or not the check passed.
export const POST = apiRoute({ params, body: checkConnectionInput }, ({ workspaceId, params, body }) =>
  checkConnection(workspaceId, params.id, body ?? {}),
);
