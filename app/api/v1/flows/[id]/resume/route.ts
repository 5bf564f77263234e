import { apiRoute, flowParams } from '@/lib/api/handler';
import { resumeInput } from '@/lib/flows/flow-input';
import { resumeFlow } from '@/lib/flows/set-flow-status';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(
  { params: flowParams, body: resumeInput.optional() },
  ({ workspaceId, params, audit, body }) => resumeFlow(workspaceId, params.id, audit, body?.held ?? 'run'),
);
