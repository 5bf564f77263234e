import { z } from 'zod';
import { apiRoute, flowParams } from '@/lib/api/handler';
import { resumeFlow } from '@/lib/flows/set-flow-status';

export const dynamic = 'force-dynamic';

const resumeInput = z.object({ held: z.enum(['run', 'discard']).default('run') }).strict();

export const POST = apiRoute(
  { params: flowParams, body: resumeInput.optional() },
  ({ workspaceId, params, audit, body }) => resumeFlow(workspaceId, params.id, audit, body?.held ?? 'run'),
);
