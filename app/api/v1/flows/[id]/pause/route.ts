import { apiRoute, assertId } from '@/lib/api/handler';
import { pauseFlow } from '@/lib/flows/set-flow-status';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({}, ({ workspaceId, params, audit }) =>
  pauseFlow(workspaceId, assertId(params.id, 'Flow'), audit),
);
