import { z } from 'zod';
import { eventStatuses, listEventsQuery } from '../../ingest/list-events';
import { editReplayInput } from '../../runs/replay-edited-event';
import { defineOperations } from './registry';

// Events as ingest stores them (lib/ingest/event-view.ts): what arrived at a
// flow's webhook URL (or its backup check), and what became of it.

const eventOutput = z.object({
  id: z.uuid(),
  flowId: z.uuid(),
  status: z.enum(eventStatuses),
  source: z.string().describe('"webhook" or "backup-check"'),
  method: z.string().nullable(),
  headers: z.record(z.string(), z.unknown()).nullable().describe('The selected request headers'),
  query: z.record(z.string(), z.unknown()).nullable(),
  body: z.unknown(),
  receivedAt: z.iso.datetime(),
  refusalReason: z.string().nullable().describe('Why a refused request was refused (no body is kept)'),
  httpStatus: z.number().int().nullable().describe('The status answered to a refused request'),
  refusedCount: z
    .number()
    .int()
    .nullable()
    .describe(
      'Past the first few refusals of a flow in a minute, one row stands for this many refused requests (null: one)',
    ),
  duplicateOfId: z.uuid().nullable().describe('For a duplicate delivery: the first event'),
  editedFrom: z
    .uuid()
    .nullable()
    .describe('For a corrected copy (POST /events/{id}/replay): the event it was edited from'),
  runId: z.uuid().nullable().describe("The event's own run (accepted events), not its replays"),
});

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

defineOperations([
  {
    method: 'GET',
    path: '/flows/{id}/events',
    tag: 'Events',
    summary: "List a flow's events",
    description:
      'Everything that reached the webhook URL, newest first: accepted (run), test (editor samples), held (flow paused), duplicate, refused (with the reason) and discarded.',
    query: listEventsQuery,
    success: { status: 200, description: 'A page of events, newest first', schema: list(eventOutput) },
  },
  {
    method: 'GET',
    path: '/events/{id}',
    tag: 'Events',
    summary: 'Get an event',
    description: 'Method, selected headers, query, parsed body and receive time, and the run it started.',
    success: { status: 200, description: 'The event', schema: eventOutput },
  },
  {
    method: 'POST',
    path: '/events/{id}/replay',
    tag: 'Events',
    summary: 'Edit and replay an event',
    description:
      "Stores a corrected copy of the event — same flow, method, headers and query, the body given — as a new accepted event with editedFrom = this event's id (this event is never changed), and runs it once on the flow's published version. The body is bounded like a webhook body (1 MiB, 32 levels, 10,000 fields). 409 when the flow was never published or the event was refused.",
    body: editReplayInput,
    success: {
      status: 202,
      description: 'The new event and its run',
      schema: z.object({ runId: z.uuid(), eventId: z.uuid() }),
    },
  },
  {
    method: 'POST',
    path: '/flows/{id}/held/run',
    tag: 'Events',
    summary: 'Run the held events',
    description: 'Events that arrived while the flow was paused run on its published version.',
    success: { status: 200, description: 'How many were released', schema: z.object({ released: z.number().int() }) },
  },
  {
    method: 'POST',
    path: '/flows/{id}/held/discard',
    tag: 'Events',
    summary: 'Discard the held events',
    description: 'They stay listed with status discarded and never run.',
    success: { status: 200, description: 'How many were discarded', schema: z.object({ discarded: z.number().int() }) },
  },
]);
