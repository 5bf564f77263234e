import { apiRoute, assertId } from '@/lib/api/handler';
import { publishFlow } from '@/lib/flows/publish-flow';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({}, ({ workspaceId, params, audit }) =>
  publishFlow(workspaceId, assertId(params.id, 'Flow'), audit),
);
