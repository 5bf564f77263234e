import { apiRoute, assertId, json } from '@/lib/api/handler';
import { requestPollNow } from '@/lib/backup-check/run-backup-check-now';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({}, async ({ workspaceId, params }) =>
  json(await requestPollNow(workspaceId, assertId(params.id, 'Flow')), 202),
);
