'use server';

import { redirect } from 'next/navigation';
import { guardedAction } from '@/lib/auth/guarded-action';
import { switchWorkspace } from '@/lib/members/my-workspaces';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Form action of Settings → Workspace → Switch: any member may change which of their workspaces they work in. */
export const switchWorkspaceAction = guardedAction('viewer', async (user, form: FormData): Promise<void> => {
  const id = form instanceof FormData ? String(form.get('workspaceId') ?? '') : '';
  if (!uuid.test(id)) return;
  await switchWorkspace(user.id, id);
  redirect('/flows');
});
