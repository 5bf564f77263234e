import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/current-user';
import { AppError } from '@/lib/errors';
import { getFlow } from '@/lib/flows/get-flow';
import { isUuid } from '@/lib/db/is-uuid';

/** The signed-in user's flow for a page, or the 404 page. */
export async function loadFlowForPage(id: string) {
  const user = await requireUser();
  if (!isUuid(id)) notFound();
  const flow = await getFlow(user.workspace.id, id).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  return { user, flow };
}
