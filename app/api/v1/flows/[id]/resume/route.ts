import { apiRoute, assertId } from '@/lib/api/handler';
import { resumeFlow } from '@/lib/flows/set-flow-status';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({}, ({ workspaceId, params, audit }) =>
  resumeFlow(workspaceId, assertId(params.id, 'Flow'), audit),
);
