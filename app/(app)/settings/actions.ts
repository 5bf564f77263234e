'use server';

import { redirect } from 'next/navigation';
import { guardedAction } from '@/lib/auth/guarded-action';
import { switchWorkspace } from '@/lib/members/my-workspaces';
import { isUuid } from '@/lib/db/is-uuid';

/** Form action of Settings → Workspace → Switch: any member may change which of their workspaces they work in. */
export const switchWorkspaceAction = guardedAction('viewer', async (user, form: FormData): Promise<void> => {
  const id = form instanceof FormData ? String(form.get('workspaceId') ?? '') : '';
  if (!isUuid(id)) return;
  await switchWorkspace(user.id, id);
  redirect('/flows');
});
