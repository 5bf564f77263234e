import { apiRoute, assertId } from '@/lib/api/handler';
import { listVersions } from '@/lib/flows/list-versions';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, ({ workspaceId, params }) => listVersions(workspaceId, assertId(params.id, 'Flow')));
