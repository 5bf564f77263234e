import { z } from 'zod';
import { apiRoute, idParam, json } from '@/lib/api/handler';
import { retryStepNow } from '@/lib/runs/retry-step-now';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Run'), nodeId: z.string() });

export const POST = apiRoute({ params }, async ({ workspaceId, params }) =>
  json(await retryStepNow(workspaceId, params.id, params.nodeId), 202),
);
