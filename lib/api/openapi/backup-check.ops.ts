import { z } from 'zod';
import { statusOutput } from '../../backup-check/backup-check-status';
import { previewInput, previewOutput } from '../../backup-check/preview-backup-check';
import { backfillOutput } from '../../backup-check/run-backup-check-now';
import { defineOperations } from './registry';

defineOperations([
  {
    method: 'GET',
    path: '/flows/{id}/backup-check',
    tag: 'Backup check',
    summary: 'Backup check status',
    description:
      'Whether the published version polls its source, how the last polls went ("failing since …"), and events per day by source (webhook / backup check) for the last 7 days.',
    success: { status: 200, description: 'The status', schema: statusOutput },
  },
  {
    method: 'POST',
    path: '/flows/{id}/backup-check/preview',
    tag: 'Backup check',
    summary: 'Preview the backup check',
    description:
      'Reads the source once and records nothing: the items found and which ones are new. Uses `config` when given (the editor’s current settings), else the draft’s, else the published one. A source that cannot be read answers 200 with `ok: false` and the reason.',
    body: previewInput,
    success: { status: 200, description: 'What a poll would find', schema: previewOutput },
  },
  {
    method: 'POST',
    path: '/flows/{id}/backup-check/poll',
    tag: 'Backup check',
    summary: 'Check the source now',
    description:
      'Queues one poll now, in addition to the schedule; failures are retried with backoff and shown in the status.',
    success: { status: 202, description: 'Queued', schema: z.object({ queued: z.literal(true) }) },
  },
  {
    method: 'POST',
    path: '/flows/{id}/backup-check/backfill',
    tag: 'Backup check',
    summary: 'Run the baseline items',
    description:
      'The items present at the source when the check started were recorded, not run. This reads the source now and runs them (and any new item), each once; held if the flow is paused.',
    success: { status: 200, description: 'What ran', schema: backfillOutput },
  },
]);
