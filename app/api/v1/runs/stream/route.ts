import { apiRoute } from '@/lib/api/handler';
import { runChangeStream } from '@/lib/live/run-stream';
import { runStreamQuery } from '@/lib/live/run-stream-query';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ query: runStreamQuery }, async ({ req, workspaceId, query, actor }) =>
  runChangeStream(
    req.signal,
    workspaceId,
    query,
    actor.kind === 'session' ? `user:${actor.userId}` : `key:${actor.keyId}`,
  ),
);
