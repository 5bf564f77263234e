import { apiRoute, assertId } from '@/lib/api/handler';
import { testStep } from '@/lib/runs/test-step';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({}, ({ workspaceId, params }) =>
  testStep(workspaceId, assertId(params.id, 'Flow'), params.nodeId ?? ''),
);
