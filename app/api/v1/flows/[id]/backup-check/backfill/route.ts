import { apiRoute, assertId } from '@/lib/api/handler';
import { backfillBackupCheck } from '@/lib/backup-check/run-backup-check-now';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({}, ({ workspaceId, params }) =>
  backfillBackupCheck(workspaceId, assertId(params.id, 'Flow')),
);
