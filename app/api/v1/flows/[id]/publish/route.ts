import { apiRoute, flowParams } from '@/lib/api/handler';
import { publishFlow } from '@/lib/flows/publish-flow';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ params: flowParams }, ({ workspaceId, params, audit }) =>
  publishFlow(workspaceId, params.id, audit),
);
