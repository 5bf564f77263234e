import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { testStepInput } from '@/lib/runs/test-recipient';
import { testStep } from '@/lib/runs/test-step';
import { previewTestStep } from '@/lib/runs/test-step-preview';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Flow'), nodeId: z.string() });

/** What a test of this step would do (asked before testing a step that reaches outside). */
export const GET = apiRoute({ params }, ({ workspaceId, params, actor }) =>
  previewTestStep(workspaceId, params.id, params.nodeId, actor.kind === 'session' ? actor.userId : null),
);

export const POST = apiRoute({ params, body: testStepInput }, ({ workspaceId, params, body }) =>
  testStep(workspaceId, params.id, params.nodeId, { to: body?.to }),
);
