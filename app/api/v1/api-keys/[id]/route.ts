import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { revokeApiKey } from '@/lib/auth/api-keys';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('API key') });

/** Revokes the key (kept in the list as revoked); 204. */
export const DELETE = apiRoute({ params, auth: 'session', role: 'owner' }, async ({ workspaceId, params, audit }) => {
  await revokeApiKey(workspaceId, params.id, audit);
  return new Response(null, { status: 204 });
});
