import { apiRoute, json } from '@/lib/api/handler';
import { acceptInvite } from '@/lib/members/accept-invite';
import { acceptInviteInput } from '@/lib/members/member-input';
import { db } from '@/lib/db';

export const dynamic = 'force-dynamic';

/**
 * Joins the workspace of an invite as the signed-in person (session only: the
 * invite is bound to the account's email). Not about the caller's current
 * workspace, so any role may call it. 200 {workspaceId, role, memberId}.
 */
export const POST = apiRoute(
  { auth: 'session', role: 'viewer', body: acceptInviteInput },
  async ({ actor, body, audit }) => {
    if (actor.kind !== 'session') throw new Error('unreachable: session-only route');
    const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { id: true, email: true } });
    return json(await acceptInvite(body.token, user, audit));
  },
);
