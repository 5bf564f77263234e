import { db } from '../db';
import type { Prisma } from '../generated/prisma/client';

// The API shape of an event. `runId` is the event's own run (not replays),
// found through run.originKey = event id (a unique index).

export const eventSelect = {
  id: true,
  flowId: true,
  status: true,
  source: true,
  method: true,
  headers: true,
  query: true,
  body: true,
  receivedAt: true,
  refusalReason: true,
  httpStatus: true,
  refusedCount: true,
  duplicateOfId: true,
  editedFromId: true,
} satisfies Prisma.EventSelect;

type EventRow = Prisma.EventGetPayload<{ select: typeof eventSelect }>;
/** `editedFrom`: for a corrected copy (POST /events/{id}/replay), the event it was edited from. */
export type EventView = Omit<EventRow, 'editedFromId'> & { editedFrom: string | null; runId: string | null };

export async function toEventViews(rows: EventRow[]): Promise<EventView[]> {
  const runnable = rows.filter((r) => r.status === 'accepted').map((r) => r.id);
  const runs = runnable.length
    ? await db.run.findMany({ where: { originKey: { in: runnable } }, select: { id: true, originKey: true } })
    : [];
  const byEvent = new Map(runs.map((r) => [r.originKey, r.id]));
  return rows.map(({ editedFromId, ...row }) => ({
    ...row,
    editedFrom: editedFromId,
    runId: byEvent.get(row.id) ?? null,
  }));
}
