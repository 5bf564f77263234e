import { apiRoute, assertId } from '@/lib/api/handler';
import { revokeInvite } from '@/lib/members/invites';

export const dynamic = 'force-dynamic';

/** Withdraws a pending invite; its link stops working. 204. */
export const DELETE = apiRoute({ role: 'owner' }, async ({ workspaceId, params, audit }) => {
  await revokeInvite(workspaceId, assertId(params.id, 'Invite'), audit);
  return new Response(null, { status: 204 });
});
