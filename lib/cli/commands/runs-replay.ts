import { z } from 'zod';
import { runStatuses } from '../../runs/run-statuses';
import { CliFailure, UsageError, type CliCommand, type ParsedArgs } from '../command';
import { stringOption } from '../parse-args';

// The bulk replay of POST /api/v1/runs/replay, for an operator: e.g. every
// event of a flow whose latest run failed, since the target it calls came
// back. Each event is replayed once, so running it twice does no harm.

const input = z.object({
  flow: z.uuid('--flow must be a flow id'),
  status: z.enum(runStatuses, `--status must be one of: ${runStatuses.join(', ')}`),
  since: z.iso
    .datetime({ offset: true, message: '--since must be an ISO 8601 date-time, e.g. 2026-11-28T09:00:00Z' })
    .optional(),
});

export const runsReplay: CliCommand = {
  name: 'runs:replay',
  summary: 'Replay each event of a flow whose latest run has a status (e.g. failed since a time), once',
  needsDatabase: true,
  options: {
    flow: { usage: '--flow F', description: 'The flow id (see flows:list)', required: true },
    status: {
      usage: '--status S',
      description: `Events whose latest run has this status: ${runStatuses.join(', ')}`,
      required: true,
    },
    since: {
      usage: '--since ISO',
      description: 'Only latest runs created at or after this time, e.g. 2026-11-28T09:00:00Z',
    },
    'from-failed-step': {
      usage: '--from-failed-step',
      description:
        'Start at the failed step, reusing what succeeded (failed runs only); default: the whole run on the published version',
      flag: true,
    },
  },
  check: (args) => void readArgs(args),
  async run(args, io) {
    const { flowId, status, since, fromFailedStep } = readArgs(args);

    const { findFlowForAdmin } = await import('../../flows/admin-flows');
    const flow = await findFlowForAdmin(flowId);
    if (!flow) throw new CliFailure(`no flow with id ${flowId}`);

    const { whenReady, sharedProducer } = await import('../../queue/redis');
    await whenReady(sharedProducer(), 5000).catch(() => {
      throw new CliFailure(
        'Redis did not answer; check that it is running and REDIS_URL is right (nothing was replayed).',
      );
    });
    const { MAX_BULK_REPLAY, replayRuns } = await import('../../runs/replay-runs');
    const { queued } = await replayRuns(flow.workspaceId, { flowId, status, since, fromFailedStep });
    const what = `${status} ${queued === 1 ? 'run' : 'runs'} of flow "${flow.name}"${since ? ` since ${since}` : ''}`;
    io.out(`Queued ${queued} ${fromFailedStep ? 'replays from the failed step' : 'replays'} of ${what}.`);
    if (queued >= MAX_BULK_REPLAY)
      io.err(`Stopped at ${MAX_BULK_REPLAY} runs, the most one call replays (the oldest first); narrow with --since.`);
    // Scripts read the count from the last line.
    io.out(String(queued));
  },
};

function readArgs(args: ParsedArgs) {
  const parsed = input.safeParse({
    flow: stringOption(args, 'flow'),
    status: stringOption(args, 'status'),
    since: stringOption(args, 'since'),
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]!.message);
  const { flow: flowId, status, since } = parsed.data;
  const fromFailedStep = args.options['from-failed-step'] === true;
  if (fromFailedStep && status !== 'failed')
    throw new UsageError('--from-failed-step replays failed runs only: use --status failed');
  return { flowId, status, since, fromFailedStep };
}
