import { z } from 'zod';
import { CliFailure, UsageError, type CliCommand } from '../command';
import { stringOption } from '../parse-args';

// The sweepers by hand. Workers already run both every few seconds; this is
// for an operator who wants it now (e.g. right after restoring Redis) or no
// worker is up yet. Both passes are safe to run any number of times: a job
// Redis still holds is left alone, and run creation is exactly-once.

export const eventsRequeue: CliCommand = {
  name: 'events:requeue',
  summary: 'Re-enqueue accepted events without a run and unfinished runs whose job Redis lost (the sweepers, by hand)',
  needsDatabase: true,
  options: {
    flow: { usage: '--flow F', description: 'Only this flow (its id); default: every flow' },
  },
  check(args) {
    const flowId = stringOption(args, 'flow');
    if (flowId !== undefined && !z.uuid().safeParse(flowId).success) throw new UsageError('--flow must be a flow id');
  },
  async run(args, io) {
    const flowId = stringOption(args, 'flow');
    if (flowId) {
      const { findFlowForAdmin } = await import('../../flows/admin-flows');
      if (!(await findFlowForAdmin(flowId))) throw new CliFailure(`no flow with id ${flowId}`);
    }

    const { whenReady, sharedProducer } = await import('../../queue/redis');
    await whenReady(sharedProducer(), 5000).catch(() => {
      throw new CliFailure(
        'Redis did not answer; check that it is running and REDIS_URL is right (nothing was re-enqueued).',
      );
    });
    const { sweepEventsOnce } = await import('../../ingest/sweep-events');
    const { sweepRunsOnce } = await import('../../engine/sweep-runs');
    // Age 0: by hand, even an event accepted a moment ago is looked at (its job id dedupes).
    const events = await sweepEventsOnce(0, flowId ?? null);
    const runs = await sweepRunsOnce({ full: true, overdueMs: 0, flowId });

    const scope = flowId ? ` of flow ${flowId}` : '';
    io.out(
      `Events${scope}: re-enqueued ${events.enqueued} accepted ${plural(events.enqueued, 'event')} without a run; released ${events.released} held ${plural(events.released, 'event')} of live flows.`,
    );
    io.out(
      `Runs${scope}: re-enqueued ${runs.enqueued} of ${runs.checked} unfinished ${plural(runs.checked, 'run')} not being worked on (the rest still had their job).`,
    );
    if (!events.enqueued && !events.released && !runs.enqueued) io.out('Nothing was missing.');
  },
};

const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);
