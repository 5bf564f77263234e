import { apiRoute, assertId } from '@/lib/api/handler';
import { updateConnectionInput } from '@/lib/connections/connection-input';
import { deleteConnection } from '@/lib/connections/delete-connection';
import { getConnection } from '@/lib/connections/get-connection';
import { updateConnection } from '@/lib/connections/update-connection';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, ({ workspaceId, params }) =>
  getConnection(workspaceId, assertId(params.id, 'Connection')),
);

export const PATCH = apiRoute({ body: updateConnectionInput }, ({ workspaceId, params, body }) =>
  updateConnection(workspaceId, assertId(params.id, 'Connection'), body),
);

export const DELETE = apiRoute({}, async ({ workspaceId, params }) => {
  await deleteConnection(workspaceId, assertId(params.id, 'Connection'));
  return new Response(null, { status: 204 });
});
