import { z } from 'zod';
import { db } from '../db';
import { AppError, notFound } from '../errors';
import { publishedCheck } from './backup-check-state';
import { PollError } from './fetch-items';
import { pollFlow } from './poll-flow';
import { enqueuePollNow } from './schedule-backup-check';

// The user's two buttons besides Preview: "Check now" (a poll job for the
// worker, retried like a scheduled one) and "Run the baseline items"
// (backfill, done while the user waits, so the answer says what it did).

async function assertCheck(workspaceId: string, flowId: string) {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  if (!flow) throw notFound('Flow');
  const check = await publishedCheck(flowId);
  if (!check?.config)
    throw new AppError(
      'conflict',
      'This flow has no backup check switched on in its published version. Set it up on the trigger and publish.',
    );
}

export async function requestPollNow(workspaceId: string, flowId: string): Promise<{ queued: true }> {
  await assertCheck(workspaceId, flowId);
  try {
    await enqueuePollNow(flowId);
  } catch {
    throw new AppError(
      'unavailable',
      'The job queue is unavailable right now; the scheduled check still runs. Try again shortly.',
    );
  }
  return { queued: true };
}

export const backfillOutput = z.object({
  ok: z.boolean(),
  error: z.string().optional(),
  /** Events created: baseline items (and any new ones) now running. */
  ingested: z.number().int(),
  /** Of those, held because the flow is paused. */
  held: z.number().int(),
  found: z.number().int(),
  /** More than maxItemsPerPoll: ask again for the rest. */
  capped: z.boolean(),
});

const BUSY_WAIT_MS = 15_000;

export async function backfillBackupCheck(
  workspaceId: string,
  flowId: string,
): Promise<z.infer<typeof backfillOutput>> {
  await assertCheck(workspaceId, flowId);
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (;;) {
    let outcome;
    try {
      outcome = await pollFlow(flowId, 'backfill');
    } catch (err) {
      if (err instanceof PollError)
        return { ok: false, error: err.message, ingested: 0, held: 0, found: 0, capped: false };
      throw err;
    }
    if (outcome.ran)
      return { ok: true, ingested: outcome.ingested, held: outcome.held, found: outcome.found, capped: outcome.capped };
    if (outcome.reason === 'not-configured')
      throw new AppError('conflict', 'This flow has no backup check switched on.');
    // Another poll of this flow is running: wait for it to finish.
    if (Date.now() > deadline)
      throw new AppError('conflict', 'A check of this flow is running; try again in a minute.');
    await new Promise((r) => setTimeout(r, 500));
  }
}
