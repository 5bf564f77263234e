import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { revokeInvite } from '@/lib/members/invites';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Invite') });

/** Withdraws a pending invite; its link stops working. 204. */
export const DELETE = apiRoute({ params, role: 'owner' }, async ({ workspaceId, params, audit }) => {
  await revokeInvite(workspaceId, params.id, audit);
  return new Response(null, { status: 204 });
});
