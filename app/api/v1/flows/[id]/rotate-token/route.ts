import { apiRoute, flowParams } from '@/lib/api/handler';
import { rotateToken } from '@/lib/flows/rotate-token';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ params: flowParams }, ({ workspaceId, params, audit }) =>
  rotateToken(workspaceId, params.id, audit),
);
