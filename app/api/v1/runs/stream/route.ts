import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { runChangeStream } from '@/lib/live/run-stream';

export const dynamic = 'force-dynamic';

const streamQuery = z.object({
  flowId: z.uuid({ message: 'must be a flow id' }).optional(),
  runId: z.uuid({ message: 'must be a run id' }).optional(),
});

export const GET = apiRoute({ query: streamQuery }, async ({ req, workspaceId, query, actor }) =>
  runChangeStream(
    req.signal,
    workspaceId,
    query,
    actor.kind === 'session' ? `user:${actor.userId}` : `key:${actor.keyId}`,
  ),
);
