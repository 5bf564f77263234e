'use server';

import { revalidatePath } from 'next/cache';
import { isWorkspaceOwner, retryFailedJob } from '@/lib/admin/queue-overview';
import { getCurrentUser } from '@/lib/auth/current-user';

/** Form action of the Retry button: owners only, jobs of their workspace only. */
export async function retryJobAction(form: FormData): Promise<void> {
  const user = await getCurrentUser();
  const jobId = String(form.get('jobId') ?? '');
  if (!user || !jobId || !(await isWorkspaceOwner(user.id, user.workspace.id))) return;
  await retryFailedJob(user.workspace.id, jobId);
  revalidatePath('/settings/queues');
}
