import { apiRoute, assertId } from '@/lib/api/handler';
import { notFound } from '@/lib/errors';
import { restoreVersion } from '@/lib/flows/restore-version';

export const dynamic = 'force-dynamic';

/** The draft becomes that version's graph (200 with the flow); publish to make it live. */
export const POST = apiRoute({}, ({ workspaceId, params, audit }) => {
  const id = assertId(params.id, 'Flow');
  const version = /^[1-9][0-9]{0,8}$/.test(params.version ?? '') ? Number(params.version) : null;
  if (version === null) throw notFound('Version');
  return restoreVersion(workspaceId, id, version, audit);
});
