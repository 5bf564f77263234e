import { apiRoute, assertId } from '@/lib/api/handler';
import { getBackupCheckStatus } from '@/lib/backup-check/backup-check-status';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, ({ workspaceId, params }) =>
  getBackupCheckStatus(workspaceId, assertId(params.id, 'Flow')),
);
