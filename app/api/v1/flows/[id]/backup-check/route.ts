import { apiRoute, flowParams } from '@/lib/api/handler';
import { getBackupCheckStatus } from '@/lib/backup-check/backup-check-status';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ params: flowParams }, ({ workspaceId, params }) =>
  getBackupCheckStatus(workspaceId, params.id),
);
