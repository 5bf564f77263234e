import { z } from 'zod';
import { alertSettingsInput } from '../../alerts/alert-settings-schema';
import { bulkReplayJobInput } from '../../runs/bulk-replay';
import { runStreamQuery } from '../../live/run-stream-query';
import { defineOperations } from './registry';

// Issue 17: bulk replay jobs, live run updates, where a flow's alerts go.

const bulkReplayJob = z.object({
  id: z.uuid(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  fromFailedStep: z.boolean(),
  total: z.number().int(),
  done: z.number().int(),
  replayed: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int(),
  skipReasons: z.record(z.enum(['alreadyReplayed', 'notFailed', 'inProgress', 'notPublished']), z.number().int()),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});

const alertSettings = z.object({
  onFailure: z.boolean(),
  onQuiet: z.boolean(),
  email: z.boolean(),
  slack: z.string().nullable(),
  webhook: z.string().nullable(),
  quietHours: z.number().int(),
});

defineOperations([
  {
    method: 'POST',
    path: '/runs/replay-jobs',
    tag: 'Runs',
    summary: 'Start a bulk replay job',
    description:
      "Replays the runs named in runIds (up to 5000), or every run matching the filter (flowId, status, since, until, search) created before the job, in the background; follow it with GET /runs/replay-jobs/{id}. Acts per event on its latest run: a run that is no longer its event's latest (replayed already), still unfinished, or (fromFailedStep) not failed is skipped, so a second job over the same runs replays nothing twice.",
    body: bulkReplayJobInput,
    success: { status: 202, description: 'The job, queued', schema: bulkReplayJob },
  },
  {
    method: 'GET',
    path: '/runs/replay-jobs/{id}',
    tag: 'Runs',
    summary: 'Follow a bulk replay job',
    success: { status: 200, description: 'Its progress, then its summary', schema: bulkReplayJob },
  },
  {
    method: 'GET',
    path: '/runs/stream',
    tag: 'Runs',
    summary: 'Live run updates (Server-Sent Events)',
    description:
      "text/event-stream of the workspace's run changes, optionally one flow's or one run's: `event: ready` on open, `event: runs` with data [{runId, flowId, status}], and every 15 s a heartbeat comment and `event: ping`. Clients that see nothing for longer should fall back to polling GET /runs. At most 20 streams per person (or API key) at once: one more answers 429 with Retry-After; closing a stream frees its slot.",
    query: runStreamQuery,
    success: { status: 200, description: 'An open event stream' },
  },
  {
    method: 'GET',
    path: '/flows/{id}/alerts',
    tag: 'Flows',
    summary: "Where a flow's alerts go",
    description: 'Saved Slack and webhook URLs are shown only as a hint (scheme, host, start of the path).',
    success: { status: 200, description: 'The settings', schema: alertSettings },
  },
  {
    method: 'PUT',
    path: '/flows/{id}/alerts',
    tag: 'Flows',
    summary: "Set where a flow's alerts go",
    description:
      'onFailure: a run failed for good; onQuiet: no events for the trigger\'s quietAlertHours (default 24). Each kind at most once per hour per flow, to the owners\' verified email, a Slack incoming webhook ({"text"}) and/or any webhook (a JSON POST), with a link to the runs page filtered to the flow. A URL left out keeps the saved one; "" removes it. The webhook URL must pass the outbound address policy (OUTBOUND_ALLOW_PRIVATE).',
    body: alertSettingsInput,
    success: { status: 200, description: 'The settings', schema: alertSettings },
  },
]);
