import { apiRoute, flowParams } from '@/lib/api/handler';
import { listVersions } from '@/lib/flows/list-versions';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ params: flowParams }, ({ workspaceId, params }) => listVersions(workspaceId, params.id));
