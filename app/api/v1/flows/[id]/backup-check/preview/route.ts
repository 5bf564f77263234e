import { apiRoute, flowParams } from '@/lib/api/handler';
import { previewBackupCheck, previewInput } from '@/lib/backup-check/preview-backup-check';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ params: flowParams, body: previewInput }, ({ workspaceId, params, body }) =>
  previewBackupCheck(workspaceId, params.id, body),
);
