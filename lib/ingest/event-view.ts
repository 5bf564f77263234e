import type { Prisma } from '../generated/prisma/client';

// The API shape of an event. `runId` is the event's own run (not replays).

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
  duplicateOfId: true,
  runs: { where: { replayOfId: null }, select: { id: true }, orderBy: { createdAt: 'asc' }, take: 1 },
} satisfies Prisma.EventSelect;

type EventRow = Prisma.EventGetPayload<{ select: typeof eventSelect }>;

export function toEventView({ runs, ...row }: EventRow) {
  return { ...row, runId: runs[0]?.id ?? null };
}

export type EventView = ReturnType<typeof toEventView>;
