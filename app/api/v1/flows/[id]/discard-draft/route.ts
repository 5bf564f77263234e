import { apiRoute, flowParams } from '@/lib/api/handler';
import { discardDraft } from '@/lib/flows/restore-version';

export const dynamic = 'force-dynamic';

/** The draft goes back to the live version (200 with the flow); 409 when never published. */
export const POST = apiRoute({ params: flowParams }, ({ workspaceId, params, audit }) =>
  discardDraft(workspaceId, params.id, audit),
);
