import { apiRoute, assertId } from '@/lib/api/handler';
import { revokeApiKey } from '@/lib/auth/api-keys';

export const dynamic = 'force-dynamic';

/** Revokes the key (kept in the list as revoked); 204. */
export const DELETE = apiRoute({ auth: 'session', role: 'owner' }, async ({ workspaceId, params, audit }) => {
  await revokeApiKey(workspaceId, assertId(params.id, 'API key'), audit);
  return new Response(null, { status: 204 });
});
