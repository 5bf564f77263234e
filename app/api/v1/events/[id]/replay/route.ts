import { z } from 'zod';
import { apiRoute, idParam, json } from '@/lib/api/handler';
import { editReplayInput, replayEditedEvent } from '@/lib/runs/replay-edited-event';

export const dynamic = 'force-dynamic';

const params = z.object({ id: idParam('Event') });

export const POST = apiRoute({ params, body: editReplayInput }, async ({ workspaceId, params, body, audit }) =>
  json(await replayEditedEvent(workspaceId, params.id, body.body, audit), 202),
);
