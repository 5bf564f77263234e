import { z } from 'zod';
import { recordAudit, type AuditCtx } from '../audit/record-audit';
import { db, Prisma } from '../db';
import { storable } from '../db/storable';
import { uuid7 } from '../db/uuid7';
import { publishedVersionId } from '../flows/published-version-id';
import { AppError, notFound } from '../errors';
import { enqueueAcceptedEvent } from '../ingest/enqueue-event';
import { sanitizeJson, TooComplexError } from '../ingest/safe-value';

// "Edit and replay" (POST /api/v1/events/{id}/replay): a corrected copy of an
// event — same flow, method, headers and query, the body the user gave —
// stored as a new accepted event with `editedFromId` = the original's id (the
// original is never changed), run on the flow's published version.
//
// The new event's run is created in the same transaction (originKey = the new
// event's id, jobId = the event's id, as the engine makes it for a webhook
// event), so the answer can name it and the audit entry goes with it. It then
// takes the webhook events' path: the `event.accepted` job (enqueue-event.ts),
// which finds the run by its originKey and drives it; if Redis is away the
// run sweeper (sweep-runs.ts) adds its job, and the event sweeper settles the
// event. The originKey unique index keeps it to one run whatever arrives twice.

export const editReplayInput = z.object(
  { body: z.unknown().refine((v) => v !== undefined, 'is required') },
  { message: 'expected {"body": <the corrected JSON body>}' },
);

/** The body, bounded and cleaned as a webhook's JSON body is (parse-body.ts), and storable in jsonb. */
function checkedBody(body: unknown): unknown {
  try {
    return storable(sanitizeJson(body));
  } catch (err) {
    if (err instanceof TooComplexError) {
      throw new AppError('invalid_input', `Invalid body: body: too complex: ${err.message}.`, [
        { path: 'body', message: `too complex: ${err.message}` },
      ]);
    }
    throw err;
  }
}

export async function replayEditedEvent(
  workspaceId: string,
  eventId: string,
  body: unknown,
  audit?: AuditCtx,
): Promise<{ runId: string; eventId: string }> {
  const checked = checkedBody(body);
  const original = await db.event.findFirst({
    where: { id: eventId, workspaceId },
    select: { id: true, flowId: true, status: true, source: true, method: true, headers: true, query: true },
  });
  if (!original) throw notFound('Event');
  if (original.status === 'refused') {
    throw new AppError('conflict', 'A refused request cannot be replayed: it was never accepted.');
  }
  const versionId = await publishedVersionId(workspaceId, original.flowId);
  if (!versionId) throw new AppError('conflict', 'The flow has never been published: publish it first, then replay.');
  const lastRun = await db.run.findFirst({
    where: { eventId: original.id, workspaceId },
    orderBy: { id: 'desc' },
    select: { id: true },
  });

  const newEventId = uuid7();
  const runId = uuid7();
  await db.$transaction(async (tx) => {
    await tx.event.create({
      data: {
        id: newEventId,
        workspaceId,
        flowId: original.flowId,
        status: 'accepted',
        source: original.source,
        method: original.method,
        headers: (original.headers ?? Prisma.JsonNull) as Prisma.InputJsonValue,
        query: (original.query ?? Prisma.JsonNull) as Prisma.InputJsonValue,
        body: (checked ?? Prisma.JsonNull) as Prisma.InputJsonValue,
        editedFromId: original.id,
      },
      select: { id: true },
    });
    await tx.run.create({
      data: {
        id: runId,
        workspaceId,
        flowId: original.flowId,
        eventId: newEventId,
        flowVersionId: versionId,
        status: 'queued',
        originKey: newEventId,
        replayOfId: lastRun?.id ?? null,
        jobId: newEventId,
      },
      select: { id: true },
    });
    await recordAudit(tx, workspaceId, audit, {
      action: 'event.edit_replay',
      targetType: 'run',
      targetId: runId,
      detail: { editedFrom: original.id, eventId: newEventId },
    });
  });
  enqueueAcceptedEvent(newEventId);
  return { runId, eventId: newEventId };
}
