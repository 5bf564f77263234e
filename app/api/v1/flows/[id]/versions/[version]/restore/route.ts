import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { restoreVersion } from '@/lib/flows/restore-version';

export const dynamic = 'force-dynamic';

const params = z.object({
  id: idParam('Flow'),
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'Version not found')
    .transform(Number),
});

/** The draft becomes that version's graph (200 with the flow); publish to make it live. */
export const POST = apiRoute({ params }, ({ workspaceId, params, audit }) => {
  return restoreVersion(workspaceId, params.id, params.version, audit);
});
