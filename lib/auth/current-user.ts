import { redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { db } from '../db';
import { auth } from './auth';
import type { Role } from './roles';
import { resolveWorkspace } from './workspace';

// The signed-in person as pages see them. Pages (server components) call
// requireUser(); the API goes through apiRoute instead.

export type CurrentUser = {
  id: string;
  name: string;
  email: string;
  /** Confirmed through the emailed link (or made by the operator's CLI); only then is it sent alerts. */
  emailVerified: boolean;
  createdAt: Date;
  workspace: { id: string; name: string };
  /** This person's role in that workspace; pages hide what it cannot use. */
  role: Role;
};

export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await auth().api.getSession({ headers: await headers() });
  if (!session) return null;
  const { user } = session;
  const { workspaceId, role } = await resolveWorkspace(user.id, user.name, user.activeWorkspaceId);
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { id: true, name: true },
  });
  const { id, name, email, emailVerified, createdAt } = user;
  return { id, name, email, emailVerified, createdAt, workspace, role };
}

/** The current user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  return user;
}
