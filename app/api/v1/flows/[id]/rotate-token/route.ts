import { apiRoute, assertId } from '@/lib/api/handler';
import { rotateToken } from '@/lib/flows/rotate-token';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({}, ({ workspaceId, params, audit }) =>
  rotateToken(workspaceId, assertId(params.id, 'Flow'), audit),
);
