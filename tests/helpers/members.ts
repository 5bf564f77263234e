import { createApiKey } from '@/lib/auth/api-keys';
import type { Role } from '@/lib/auth/roles';
import { api, createTenant, type Tenant } from './tenant';

// A second person in a workspace: signs up (own workspace), is invited by the
// owner through POST /members, joins through POST /invites/accept with their
// session, and gets an API key of the joined workspace (acting with their role).

export type Member = Tenant & { memberId: string; role: Role; ownWorkspaceId: string };

export async function inviteLink(owner: Tenant, email: string, role: Role): Promise<string> {
  const res = await api('/api/v1/members', { cookie: owner.cookie, body: { email, role } });
  if (res.status !== 201) throw new Error(`invite: ${res.status} ${res.text}`);
  return res.json.inviteUrl as string;
}

export const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

export async function joinAs(owner: Tenant, role: Role, label: string = role): Promise<Member> {
  const person = await createTenant(label);
  const url = await inviteLink(owner, person.email, role);
  const res = await api('/api/v1/invites/accept', { cookie: person.cookie, body: { token: tokenOf(url) } });
  if (res.status !== 200) throw new Error(`accept: ${res.status} ${res.text}`);
  const { key } = await createApiKey({ workspaceId: owner.workspaceId, userId: person.userId, name: `${role} key` });
  return {
    ...person,
    ownWorkspaceId: person.workspaceId,
    workspaceId: owner.workspaceId,
    apiKey: key,
    memberId: res.json.memberId as string,
    role,
  };
}
