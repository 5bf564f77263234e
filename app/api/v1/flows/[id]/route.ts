import { apiRoute, flowParams } from '@/lib/api/handler';
import { deleteFlow } from '@/lib/flows/delete-flow';
import { updateFlowInput } from '@/lib/flows/flow-input';
import { getFlow } from '@/lib/flows/get-flow';
import { updateFlow } from '@/lib/flows/update-flow';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ params: flowParams }, ({ workspaceId, params }) => getFlow(workspaceId, params.id));

export const PUT = apiRoute({ params: flowParams, body: updateFlowInput }, ({ workspaceId, params, body }) =>
  updateFlow(workspaceId, params.id, body),
);

export const DELETE = apiRoute({ params: flowParams }, async ({ workspaceId, params }) => {
  await deleteFlow(workspaceId, params.id);
  return new Response(null, { status: 204 });
});
