import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { getRun } from '@/lib/runs/get-run';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Run') });

export const GET = apiRoute({ params }, ({ workspaceId, params }) => getRun(workspaceId, params.id));
