import { z } from 'zod';
import { apiRoute, assertId } from '@/lib/api/handler';
import { resumeFlow } from '@/lib/flows/set-flow-status';

export const dynamic = 'force-dynamic';

const resumeInput = z.object({ held: z.enum(['run', 'discard']).default('run') }).strict();

export const POST = apiRoute({ body: resumeInput.optional() }, ({ workspaceId, params, audit, body }) =>
  resumeFlow(workspaceId, assertId(params.id, 'Flow'), audit, body?.held ?? 'run'),
);
