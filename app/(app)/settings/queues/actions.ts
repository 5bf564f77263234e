'use server';

import { revalidatePath } from 'next/cache';
import { retryFailedJob } from '@/lib/admin/queue-overview';
import { guardedAction } from '@/lib/auth/guarded-action';

/** Form action of the Retry button: owners only, jobs of their workspace only. */
export const retryJobAction = guardedAction('owner', async (user, form: FormData): Promise<void> => {
  const jobId = String(form.get('jobId') ?? '');
  if (!jobId) return;
  await retryFailedJob(user.workspace.id, jobId);
  revalidatePath('/settings/queues');
});
