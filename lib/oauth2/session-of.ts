import { auth } from '../auth/auth';
import { ensureWorkspaceForUser } from '../auth/workspace';

// The signed-in session behind a request, with its id: an authorization is
// bound to the session that started it, not just to the user.
export async function sessionOf(
  req: Request,
): Promise<{ userId: string; sessionId: string; workspaceId: string } | null> {
  const session = await auth().api.getSession({ headers: req.headers });
  if (!session) return null;
  const workspaceId = await ensureWorkspaceForUser(session.user.id, session.user.name);
  return { userId: session.user.id, sessionId: session.session.id, workspaceId };
}
