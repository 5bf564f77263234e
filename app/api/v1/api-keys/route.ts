import { apiRoute, json } from '@/lib/api/handler';
import { createApiKeyInput } from '@/lib/auth/api-key-input';
import { createApiKey, listApiKeys } from '@/lib/auth/api-keys';

export const dynamic = 'force-dynamic';

// Keys are minted and revoked from Settings with the session cookie only, so a
// leaked key cannot make more keys. Listing (no secrets in it) also takes a key.
export const GET = apiRoute({ auth: 'any' }, async ({ workspaceId }) => {
  return { items: await listApiKeys(workspaceId), nextCursor: null };
});

/** 201 with the full key in `key` — the only time it is ever shown. */
export const POST = apiRoute(
  { auth: 'session', body: createApiKeyInput },
  async ({ workspaceId, actor, body, audit }) => {
    const userId = actor.kind === 'session' ? actor.userId : undefined;
    return json(await createApiKey({ workspaceId, userId, name: body.name }, audit), 201);
  },
);
