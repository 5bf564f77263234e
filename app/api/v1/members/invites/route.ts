import { apiRoute } from '@/lib/api/handler';
import { listPendingInvites } from '@/lib/members/invites';

export const dynamic = 'force-dynamic';

/** Pending invites (owners only: the list names addresses not yet in the workspace). */
export const GET = apiRoute({ role: 'owner' }, async ({ workspaceId }) => {
  return { items: await listPendingInvites(workspaceId), nextCursor: null };
});
