import { apiRoute, json } from '@/lib/api/handler';
import { createFlow } from '@/lib/flows/create-flow';
import { createFlowInput } from '@/lib/flows/flow-input';
import { listFlows, listFlowsQuery } from '@/lib/flows/list-flows';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ query: listFlowsQuery }, ({ workspaceId, query }) => listFlows(workspaceId, query));

export const POST = apiRoute({ body: createFlowInput }, async ({ workspaceId, body }) =>
  json(await createFlow(workspaceId, body), 201),
);
