import { apiRoute, json } from '@/lib/api/handler';
import { createInvite } from '@/lib/members/invites';
import { listMembers } from '@/lib/members/list-members';
import { inviteInput } from '@/lib/members/member-input';

export const dynamic = 'force-dynamic';

/** Every member sees who else is in the workspace. */
export const GET = apiRoute({}, async ({ workspaceId }) => {
  return { items: await listMembers(workspaceId), nextCursor: null };
});

/** Invites an address with a role (owners only): 201 with the link, also mailed when SMTP_URL is set. */
export const POST = apiRoute({ role: 'owner', body: inviteInput }, async ({ workspaceId, actor, body, audit }) => {
  const invitedById = actor.kind === 'session' ? actor.userId : null;
  return json(await createInvite(workspaceId, body, invitedById, audit), 201);
});
