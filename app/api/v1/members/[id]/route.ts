import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { changeRole, removeMember } from '@/lib/members/member-changes';
import { changeRoleInput } from '@/lib/members/member-input';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Member') });

/** Changes a member's role (owners only); the last owner cannot be demoted. */
export const PATCH = apiRoute(
  { params, role: 'owner', body: changeRoleInput },
  async ({ workspaceId, params, body, audit }) => {
    return changeRole(workspaceId, params.id, body.role, audit);
  },
);

/**
 * Removes a member (owners) or, when the id is the caller's own membership,
 * leaves the workspace (any role, hence `viewer` here; removeMember checks
 * owner for everyone else). 204.
 */
export const DELETE = apiRoute({ params, role: 'viewer' }, async ({ workspaceId, params, actor, audit }) => {
  const userId = actor.kind === 'session' ? actor.userId : null;
  await removeMember(workspaceId, params.id, { userId, role: actor.role }, audit);
  return new Response(null, { status: 204 });
});
