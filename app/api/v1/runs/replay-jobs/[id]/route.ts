import { z } from 'zod';
import { apiRoute, idParam } from '@/lib/api/handler';
import { getBulkReplay } from '@/lib/runs/bulk-replay';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Replay job') });

export const GET = apiRoute({ params }, ({ workspaceId, params }) => getBulkReplay(workspaceId, params.id));
