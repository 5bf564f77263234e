import { apiRoute, flowParams, json } from '@/lib/api/handler';
import { requestPollNow } from '@/lib/backup-check/run-backup-check-now';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ params: flowParams }, async ({ workspaceId, params }) =>
  json(await requestPollNow(workspaceId, params.id), 202),
);
