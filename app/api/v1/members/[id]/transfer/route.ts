import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { transferOwnership } from '@/lib/members/member-changes';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Member') });

/** Makes the member the owner and the calling owner an editor (signed-in owners only). */
export const POST = apiRoute(
  { params, auth: 'session', role: 'owner' },
  async ({ workspaceId, params, actor, audit }) => {
    if (actor.kind !== 'session') throw new Error('unreachable: session-only route');
    return transferOwnership(workspaceId, params.id, actor.userId, audit);
  },
);
