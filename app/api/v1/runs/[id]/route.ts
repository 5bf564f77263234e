import { apiRoute, assertId } from '@/lib/api/handler';
import { getRun } from '@/lib/runs/get-run';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({}, ({ workspaceId, params }) => getRun(workspaceId, assertId(params.id, 'Run')));
