import { z } from 'zod';
import { ROLES } from '../../auth/roles';
import { acceptInviteInput, changeRoleInput, inviteInput } from '../../members/member-input';
import { defineOperations } from './registry';

const role = z.enum(ROLES);
const member = z.object({
  id: z.uuid(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role,
  joinedAt: z.iso.datetime(),
});
const invite = z.object({
  id: z.uuid(),
  email: z.string(),
  role,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});

defineOperations([
  {
    method: 'GET',
    path: '/members',
    tag: 'Members',
    summary: 'List members',
    description:
      'Roles: owner (everything, including members and API keys), editor (flows, connections, replays), viewer (reads only: any mutation answers 403).',
    success: {
      status: 200,
      description: 'Every member of the workspace',
      schema: z.object({ items: z.array(member), nextCursor: z.null() }),
    },
  },
  {
    method: 'POST',
    path: '/members',
    tag: 'Members',
    summary: 'Invite a member',
    description:
      'Owners only. Answers the single-use invite link (valid 7 days, bound to the address); it is also mailed when the instance has SMTP_URL. A new invite to the same address replaces a pending one; 409 if the address is already a member.',
    body: inviteInput,
    success: {
      status: 201,
      description: 'The invite and its link',
      schema: z.object({ invite, inviteUrl: z.string(), mailed: z.boolean() }),
    },
  },
  {
    method: 'PATCH',
    path: '/members/{id}',
    tag: 'Members',
    summary: "Change a member's role",
    description: 'Owners only. 409 when it would leave the workspace without an owner.',
    body: changeRoleInput,
    success: { status: 200, description: 'The new role', schema: z.object({ id: z.uuid(), role }) },
  },
  {
    method: 'DELETE',
    path: '/members/{id}',
    tag: 'Members',
    summary: 'Remove a member, or leave',
    description:
      "Owners remove anyone; any member may remove their own membership (leave). 409 for the last owner. The removed member's API keys stop working.",
    success: { status: 204, description: 'Removed' },
  },
  {
    method: 'POST',
    path: '/members/{id}/transfer',
    tag: 'Members',
    summary: 'Transfer ownership',
    description: 'The member becomes owner and the calling owner becomes editor.',
    sessionOnly: true,
    success: { status: 200, description: 'The new owner', schema: z.object({ id: z.uuid(), role }) },
  },
  {
    method: 'GET',
    path: '/members/invites',
    tag: 'Members',
    summary: 'List pending invites',
    description: 'Owners only. Invites not yet used, withdrawn or expired; the links are not shown again.',
    success: {
      status: 200,
      description: 'Pending invites',
      schema: z.object({ items: z.array(invite), nextCursor: z.null() }),
    },
  },
  {
    method: 'DELETE',
    path: '/members/invites/{id}',
    tag: 'Members',
    summary: 'Withdraw an invite',
    description: 'Owners only. Its link answers 410 from now on.',
    success: { status: 204, description: 'Withdrawn' },
  },
  {
    method: 'POST',
    path: '/invites/accept',
    tag: 'Members',
    summary: 'Join through an invite',
    description:
      "The signed-in account's email must be the invited one (403 otherwise); 404 for an unknown token, 410 for a used, withdrawn or expired invite, 409 if already a member. The joined workspace becomes the active one.",
    sessionOnly: true,
    body: acceptInviteInput,
    success: {
      status: 200,
      description: 'Joined',
      schema: z.object({ workspaceId: z.uuid(), role, memberId: z.uuid() }),
    },
  },
]);
