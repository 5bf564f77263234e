import { apiRoute, assertId } from '@/lib/api/handler';
import { previewBackupCheck, previewInput } from '@/lib/backup-check/preview-backup-check';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ body: previewInput }, ({ workspaceId, params, body }) =>
  previewBackupCheck(workspaceId, assertId(params.id, 'Flow'), body),
);
