import { apiRoute, assertId } from '@/lib/api/handler';
import { transferOwnership } from '@/lib/members/member-changes';

export const dynamic = 'force-dynamic';

/** Makes the member the owner and the calling owner an editor (signed-in owners only). */
export const POST = apiRoute({ auth: 'session', role: 'owner' }, async ({ workspaceId, params, actor, audit }) => {
  if (actor.kind !== 'session') throw new Error('unreachable: session-only route');
  return transferOwnership(workspaceId, assertId(params.id, 'Member'), actor.userId, audit);
});
