import { apiRoute, assertId } from '@/lib/api/handler';
import { changeRole, removeMember } from '@/lib/members/member-changes';
import { changeRoleInput } from '@/lib/members/member-input';

export const dynamic = 'force-dynamic';

/** Changes a member's role (owners only); the last owner cannot be demoted. */
export const PATCH = apiRoute(
  { role: 'owner', body: changeRoleInput },
  async ({ workspaceId, params, body, audit }) => {
    return changeRole(workspaceId, assertId(params.id, 'Member'), body.role, audit);
  },
);

/**
 * Removes a member (owners) or, when the id is the caller's own membership,
 * leaves the workspace (any role, hence `viewer` here; removeMember checks
 * owner for everyone else). 204.
 */
export const DELETE = apiRoute({ role: 'viewer' }, async ({ workspaceId, params, actor, audit }) => {
  const userId = actor.kind === 'session' ? actor.userId : null;
  await removeMember(workspaceId, assertId(params.id, 'Member'), { userId, role: actor.role }, audit);
  return new Response(null, { status: 204 });
});
