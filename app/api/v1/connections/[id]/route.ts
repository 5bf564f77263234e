import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { updateConnectionInput } from '@/lib/connections/connection-input';
import { deleteConnection } from '@/lib/connections/delete-connection';
import { getConnection } from '@/lib/connections/get-connection';
import { updateConnection } from '@/lib/connections/update-connection';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Connection') });

export const GET = apiRoute({ params }, ({ workspaceId, params }) => getConnection(workspaceId, params.id));

export const PATCH = apiRoute({ params, body: updateConnectionInput }, ({ workspaceId, params, body, audit }) =>
  updateConnection(workspaceId, params.id, body, audit),
);

export const DELETE = apiRoute({ params }, async ({ workspaceId, params, audit }) => {
  await deleteConnection(workspaceId, params.id, audit);
  return new Response(null, { status: 204 });
});
