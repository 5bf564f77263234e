import { logger } from '../log';
import { acquireRun, createRunForEvent, findRunForEvent } from './acquire-run';
import { enqueueAdvance } from './enqueue-advance';
import { driveWithinLimits } from './drive-within-limits';

// The two job handlers of the engine. Both are safe to run any number of
// times: the run's originKey makes creation exactly-once, and the lease makes
// sure one job at a time drives a run.

/** 'event.accepted': create the event's run (once) and drive it. */
export async function startRunForEvent(eventId: string): Promise<void> {
  const run = await createRunForEvent(eventId);
  if (run) return driveWithinLimits(run);
  const existing = await findRunForEvent(eventId);
  if (!existing) {
    logger.info({ eventId }, 'event has nothing to run (not accepted, or the flow has no published version)');
    return;
  }
  return advanceRun(existing);
}

/** 'run.advance': drive an existing run from wherever it stands. */
export async function advanceRun(runId: string): Promise<void> {
  const res = await acquireRun(runId);
  if ('finished' in res) return;
  if ('busyUntil' in res) {
    // Another job drives it. If that job's worker died, its lease runs out;
    // come back then (the id dedupes the many callers that may ask).
    // How long is measured by PostgreSQL's clock, like the lease itself.
    const delay = res.busyForMs + 250;
    await enqueueAdvance(runId, `${runId}-l${res.busyUntil.getTime()}`, delay);
    return;
  }
  await driveWithinLimits(res.run);
}
