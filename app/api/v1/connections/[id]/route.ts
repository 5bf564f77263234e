import { apiRoute, assertId } from '@/lib/api/handler';
import { updateConnectionInput } from '@/lib/connections/connection-input';
import { deleteConnection } from '@/lib/connections/delete-connection';
import { getConnection } from '@/lib/connections/get-connection';
import { updateConnection } from '@/lib/connections/update-connection';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, ({ workspaceId, params }) =>
  getConnection(workspaceId, assertId(params.id, 'Connection')),
);

export const PATCH = apiRoute({ body: updateConnectionInput }, ({ workspaceId, params, body, audit }) =>
  updateConnection(workspaceId, assertId(params.id, 'Connection'), body, audit),
);

export const DELETE = apiRoute({}, async ({ workspaceId, params, audit }) => {
  await deleteConnection(workspaceId, assertId(params.id, 'Connection'), audit);
  return new Response(null, { status: 204 });
});
