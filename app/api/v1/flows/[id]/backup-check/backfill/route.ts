import { apiRoute, flowParams } from '@/lib/api/handler';
import { backfillBackupCheck } from '@/lib/backup-check/run-backup-check-now';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ params: flowParams }, ({ workspaceId, params }) =>
  backfillBackupCheck(workspaceId, params.id),
);
