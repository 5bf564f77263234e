import { apiRoute, assertId } from '@/lib/api/handler';
import { deleteFlow } from '@/lib/flows/delete-flow';
import { updateFlowInput } from '@/lib/flows/flow-input';
import { getFlow } from '@/lib/flows/get-flow';
import { updateFlow } from '@/lib/flows/update-flow';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, ({ workspaceId, params }) => getFlow(workspaceId, assertId(params.id, 'Flow')));

export const PUT = apiRoute({ body: updateFlowInput }, ({ workspaceId, params, body }) =>
  updateFlow(workspaceId, assertId(params.id, 'Flow'), body),
);

export const DELETE = apiRoute({}, async ({ workspaceId, params }) => {
  await deleteFlow(workspaceId, assertId(params.id, 'Flow'));
  return new Response(null, { status: 204 });
});
