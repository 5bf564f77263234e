import { z } from 'zod';
import { allRunsQuery, runsQuery } from '../../runs/list-runs';
import { bulkReplayInput } from '../../runs/replay-runs';
import { replayInput } from '../../runs/replay-run';
import { runFilterInput } from '../../runs/run-filter';
import { testStepInput } from '../../runs/test-recipient';
import { graphSchema } from '../../flows/graph';
import { defineOperations } from './registry';

const runStatus = z.enum(['queued', 'running', 'waiting', 'succeeded', 'failed', 'canceled']);
const dateTime = z.iso.datetime().nullable();

export const runSummary = z.object({
  id: z.uuid(),
  flowId: z.uuid(),
  eventId: z.uuid(),
  status: runStatus,
  replayOf: z.uuid().nullable(),
  error: z.string().nullable(),
  nextAttemptAt: dateTime,
  createdAt: z.iso.datetime(),
  startedAt: dateTime,
  finishedAt: dateTime,
});

export const stepRunOutput = z.object({
  nodeId: z.string(),
  type: z.string(),
  label: z.string().nullable(),
  status: z.enum(['pending', 'running', 'retrying', 'succeeded', 'failed', 'skipped']),
  attempts: z.number().int(),
  input: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  reused: z.boolean(),
  startedAt: dateTime,
  finishedAt: dateTime,
  nextAttemptAt: dateTime,
});

const runListItem = runSummary.extend({
  flowName: z.string(),
  source: z.string().describe("The event's source: webhook, backup-check, …"),
  summary: z.string().nullable().describe("The email or name the event's body names, if any"),
  replayCount: z.number().int().describe('How many runs replay this one'),
});

const runDetail = runSummary.extend({
  flowName: z.string(),
  version: z.number().int(),
  fromFailedStep: z.boolean(),
  graph: graphSchema.describe(
    "The graph of the version this run runs, each step's config left out (a step's input shows what it ran with)",
  ),
  event: z.object({ id: z.uuid(), source: z.string(), method: z.string().nullable(), receivedAt: z.iso.datetime() }),
  steps: z.array(stepRunOutput),
  replays: z
    .array(z.object({ id: z.uuid(), status: runStatus, createdAt: z.iso.datetime() }))
    .describe('The newest runs that replay this one (at most 10)'),
});

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

defineOperations([
  {
    method: 'GET',
    path: '/flows/{id}/runs',
    tag: 'Runs',
    summary: "List a flow's runs",
    query: runsQuery,
    success: { status: 200, description: 'A page of runs, newest first', schema: list(runListItem) },
  },
  {
    method: 'GET',
    path: '/runs',
    tag: 'Runs',
    summary: 'List runs across flows',
    description:
      "search matches the event body's text: a case-insensitive substring (e.g. a customer's email), taken literally (% and _ are not wildcards).",
    query: allRunsQuery,
    success: { status: 200, description: 'A page of runs, newest first', schema: list(runListItem) },
  },
  {
    method: 'GET',
    path: '/runs/count',
    tag: 'Runs',
    summary: 'Count runs',
    description: 'How many runs match the same filter as GET /runs (without paging).',
    query: runFilterInput,
    success: { status: 200, description: 'The number of matching runs', schema: z.object({ count: z.number().int() }) },
  },
  {
    method: 'GET',
    path: '/runs/{id}',
    tag: 'Runs',
    summary: 'Get a run with its steps',
    description:
      'Steps come in graph order, the trigger first (its output is the event). Each has its resolved input, output or error, attempts and times; a step waiting to retry shows nextAttemptAt.',
    success: { status: 200, description: 'The run', schema: runDetail },
  },
  {
    method: 'POST',
    path: '/runs/{id}/replay',
    tag: 'Runs',
    summary: 'Replay a run',
    description:
      'Always a new run linked to this one (replayOf). A whole replay runs the current published version from the start; fromFailedStep runs the original version and reuses the outputs of the steps that succeeded, without executing them again.',
    body: replayInput.unwrap(),
    success: { status: 202, description: 'The new run', schema: z.object({ runId: z.uuid() }) },
  },
  {
    method: 'POST',
    path: '/runs/replay',
    tag: 'Runs',
    summary: 'Replay many runs',
    description: `Acts on events, not runs: each event whose latest run matches the filter is replayed once (at most 1000 per call), so asking twice never replays anything twice.`,
    body: bulkReplayInput,
    success: {
      status: 202,
      description: 'How many replays were queued',
      schema: z.object({ queued: z.number().int() }),
    },
  },
  {
    method: 'POST',
    path: '/flows/{id}/steps/{nodeId}/test',
    tag: 'Runs',
    summary: 'Test one step of the draft',
    description:
      'Runs the step once with the flow\'s sample event and the latest known outputs of the steps before it. Creates no run; calls the real target. `to` replaces the rendered recipient of an email or SMS step ("Send test to me"); anything else stays as configured. 400 for a `to` on another step type or one that is not an address / phone number.',
    body: testStepInput,
    success: {
      status: 200,
      description: 'The resolved input and the output, or the error',
      schema: z.object({ input: z.unknown().optional(), output: z.unknown().optional(), error: z.string().optional() }),
    },
  },
  {
    method: 'GET',
    path: '/flows/{id}/steps/{nodeId}/test',
    tag: 'Runs',
    summary: 'What testing a step would do',
    description:
      "Says, before a test, what it would do with the sample event: `reachesOutside` is true for steps whose test has a real effect outside Switchboard (email, SMS, Slack, HubSpot, HTTP); `summary` names the rendered target where it can; `recipient` is set for email and SMS steps; `me` is the signed-in user's address (null with an API key).",
    success: {
      status: 200,
      description: 'The preview',
      schema: z.object({
        reachesOutside: z.boolean(),
        summary: z.string().nullable(),
        recipient: z.object({ kind: z.enum(['email', 'sms']), to: z.string().nullable() }).nullable(),
        me: z.string().nullable(),
      }),
    },
  },
  {
    method: 'POST',
    path: '/runs/{id}/steps/{nodeId}/retry-now',
    tag: 'Runs',
    summary: 'Retry a waiting step now',
    description:
      "Moves the next try of a step that is waiting for a retry (status retrying, run waiting) to now, through the engine's own scheduling: the step still runs once. 409 when the step is not waiting for a retry.",
    success: {
      status: 202,
      description: 'The step will be tried in a moment',
      schema: z.object({ runId: z.uuid(), nodeId: z.string(), nextAttemptAt: z.iso.datetime() }),
    },
  },
]);
