import { apiRoute, assertId, json } from '@/lib/api/handler';
import { editReplayInput, replayEditedEvent } from '@/lib/runs/replay-edited-event';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ body: editReplayInput }, async ({ workspaceId, params, body, audit }) => {
  const id = assertId(params.id, 'Event');
  return json(await replayEditedEvent(workspaceId, id, body.body, audit), 202);
});
