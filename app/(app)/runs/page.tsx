import type { Metadata } from 'next';
import { RunList } from '@/components/runs/run-list';
import { presetMs, timePresets, type RunsFilter, type TimePreset } from '@/components/runs/run-filter-values';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';
import { flowOptions } from '@/lib/flows/flow-options';
import { isUuid } from '@/lib/db/is-uuid';
import { SEARCH_MAX } from '@/lib/runs/body-search';
import { listRuns } from '@/lib/runs/list-runs';
import { runStatuses, type RunStatusValue } from '@/lib/runs/run-statuses';

export const metadata: Metadata = { title: 'Runs' };
export const dynamic = 'force-dynamic';

type Search = Record<string, string | string[] | undefined>;

/** The filter a link carries (alerts link to `/runs?flowId=…&status=failed`). */
function filterFrom(sp: Search): Partial<RunsFilter> & { since?: string; until?: string } {
  const one = (k: string) => (typeof sp[k] === 'string' ? (sp[k] as string) : '');
  const status = one('status') as RunStatusValue;
  const time = one('time') as TimePreset;
  const preset = time in timePresets && time !== 'custom' ? time : '';
  const since = one('since');
  const until = one('until');
  const custom = !preset && (since || until);
  // datetime-local wants local time; the server renders UTC, the browser shows it as entered.
  const local = (iso: string) =>
    iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso).toISOString().slice(0, 16) : '';
  return {
    flowId: one('flowId'),
    status: runStatuses.includes(status) ? status : '',
    search: one('search'),
    time: custom ? 'custom' : preset,
    from: custom ? local(since) : '',
    to: custom ? local(until) : '',
    since: preset ? new Date(Date.now() - presetMs[preset]!).toISOString() : since || undefined,
    until: custom ? until || undefined : undefined,
  };
}

const isoOrUndefined = (v: string | undefined) =>
  v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined;

export default async function RunsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser();
  const { since, until, ...filter } = filterFrom(await searchParams);
  const [initial, flows] = await Promise.all([
    // A link's malformed flow id matches nothing; a malformed time is left out (GET /runs would answer 400).
    filter.flowId && !isUuid(filter.flowId)
      ? { items: [], nextCursor: null }
      : listRuns(user.workspace.id, {
          flowId: filter.flowId || undefined,
          status: filter.status || undefined,
          search: (filter.search ?? '').trim().slice(0, SEARCH_MAX) || undefined,
          since: isoOrUndefined(since),
          until: isoOrUndefined(until),
          limit: 50,
        }),
    flowOptions(user.workspace.id),
  ]);
  return (
    <>
      <PageHeader
        title="Runs"
        description="Every execution of your flows, step by step. Newest first. Find a customer’s runs by email or name, select them and replay."
      />
      <RunList initial={initial} flows={flows} initialFilter={filter} />
    </>
  );
}
