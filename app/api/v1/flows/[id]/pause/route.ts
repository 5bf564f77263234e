import { apiRoute, flowParams } from '@/lib/api/handler';
import { pauseFlow } from '@/lib/flows/set-flow-status';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ params: flowParams }, ({ workspaceId, params, audit }) =>
  pauseFlow(workspaceId, params.id, audit),
);
