import { z } from 'zod';
import { apiRoute, assertId } from '@/lib/api/handler';
import { testStep } from '@/lib/runs/test-step';
import { previewTestStep } from '@/lib/runs/test-step-preview';

export const dynamic = 'force-dynamic';

const testStepInput = z.object({ to: z.string().trim().min(1).max(254).optional() }).strict();

/** What a test of this step would do (asked before testing a step that reaches outside). */
export const GET = apiRoute({}, ({ workspaceId, params, actor }) =>
  previewTestStep(
    workspaceId,
    assertId(params.id, 'Flow'),
    params.nodeId ?? '',
    actor.kind === 'session' ? actor.userId : null,
  ),
);

export const POST = apiRoute({ body: testStepInput.optional() }, ({ workspaceId, params, body }) =>
  testStep(workspaceId, assertId(params.id, 'Flow'), params.nodeId ?? '', { to: body?.to }),
);
