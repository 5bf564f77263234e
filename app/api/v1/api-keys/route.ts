import { apiRoute, json } from '@/lib/api/handler';
import { createApiKeyInput } from '@/lib/auth/api-key-input';
import { createApiKey, listApiKeys } from '@/lib/auth/api-keys';

export const dynamic = 'force-dynamic';

// Keys are minted and revoked from Settings with the session cookie only, so a
// leaked key cannot make more keys. Listing (no secrets in it) also takes a key.
// Owners only: a key acts with its creator's role (lib/auth/api-keys.ts).
export const GET = apiRoute({ auth: 'any', role: 'owner' }, async ({ workspaceId }) => {
  return { items: await listApiKeys(workspaceId), nextCursor: null };
});

/** 201 with the full key in `key` — the only time it is ever shown. */
export const POST = apiRoute(
  { auth: 'session', role: 'owner', body: createApiKeyInput },
  async ({ workspaceId, actor, body, audit }) => {
    if (actor.kind !== 'session') throw new Error('unreachable: session-only route');
    return json(await createApiKey({ workspaceId, userId: actor.userId, name: body.name }, audit), 201);
  },
);
