'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { RunIcon } from '@/components/ui/icons';
import { LocalTime } from '@/components/ui/local-time';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { api } from '@/lib/api/client';
import type { RunListItem as RunRow } from '@/lib/runs/list-runs';
import type { RunStatusValue } from '@/lib/runs/run-statuses';
import { useCan } from '@/components/auth/role-context';
import { BulkReplayBar, type Selection } from './bulk-replay-bar';
import { useNow } from '@/components/ui/use-now';
import { runDuration } from './run-format';
import { ReplayMarker } from './replay-marker';
import { emptyFilter, filterQuery, type RunsFilter } from './run-filter-values';
import { RunFilters } from './run-filters';
import { useLiveRuns, type RunChange } from './use-live-runs';

const POLL_MS = 2000;

/** A page of the runs the filter matches (GET /runs: newest first, 50 a page). */
const fetchRunRows = (query: ReturnType<typeof filterQuery> & { cursor?: string }) => api('GET /runs', { query });
const SEARCH_DEBOUNCE_MS = 300;
/** Changes from the stream arrive in bursts; the list is read again once per burst. */
const REFRESH_AFTER_CHANGE_MS = 250;

type Props = {
  initial: { items: RunRow[]; nextCursor: string | null };
  /** A flow's Runs tab: always this flow. */
  flowId?: string;
  /** Across flows: show which flow each run belongs to, and offer these flows as a filter. */
  flows?: { id: string; name: string }[];
  initialFilter?: Partial<RunsFilter>;
};

/** Runs with status, start, duration and trigger summary; filter, select and replay; updates live. */
export function RunList({ initial, flowId, flows, initialFilter }: Props) {
  const [filter, setFilter] = useState<RunsFilter>({ ...emptyFilter, ...initialFilter });
  const [head, setHead] = useState(initial.items);
  const [older, setOlder] = useState<RunRow[]>([]);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [loadingMore, setLoadingMore] = useState(false);
  // Null until mounted, so the first render matches the server's (React error #418 otherwise).
  const now = useNow(1000);
  // Selecting is for replaying, which a viewer cannot do.
  const canReplay = useCan('editor');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [matching, setMatching] = useState<number | null>(null);
  const [allMatching, setAllMatching] = useState(false);
  // The filter the latest request was made for; an answer for an older filter is dropped.
  const filterRef = useRef<RunsFilter>(filter);
  const searchTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const changeTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const showFlow = !!flows;

  const refresh = useCallback(async () => {
    const f = filterRef.current;
    const res = await fetchRunRows(filterQuery(f, flowId)).catch(() => null);
    if (!res || filterRef.current !== f) return;
    setHead(res.items);
    setOlder((o) => (o.length ? o.filter((r) => !res.items.some((h) => h.id === r.id)) : o));
    setCursor((c) => (older.length ? c : res.nextCursor));
  }, [flowId, older.length]);

  const onChanges = useCallback(
    (changes: RunChange[]) => {
      // Shown at once from the stream's own data; the rows are then read again for the rest.
      const status = new Map(changes.map((c) => [c.runId, c.status as RunStatusValue]));
      const patch = (rows: RunRow[]) =>
        rows.some((r) => status.has(r.id))
          ? rows.map((r) => (status.has(r.id) ? { ...r, status: status.get(r.id)! } : r))
          : rows;
      setHead(patch);
      setOlder(patch);
      clearTimeout(changeTimer.current);
      changeTimer.current = setTimeout(() => void refresh(), REFRESH_AFTER_CHANGE_MS);
    },
    [refresh],
  );

  const mode = useLiveRuns({
    query: { flowId: flowId ?? (filter.flowId || undefined) },
    onChanges,
    poll: refresh,
    pollMs: POLL_MS,
  });

  useEffect(() => () => clearTimeout(changeTimer.current), []);

  async function applyFilter(f: RunsFilter) {
    filterRef.current = f;
    setOlder([]);
    clearSelection();
    const res = await fetchRunRows(filterQuery(f, flowId)).catch(() => null);
    if (res && filterRef.current === f) {
      setHead(res.items);
      setCursor(res.nextCursor);
    }
  }

  function changeFilter(next: RunsFilter, debounce?: boolean) {
    setFilter(next);
    // The address follows at once, not after the debounce: a late replaceState would
    // cancel a click on a result made meanwhile (Next's router follows history).
    if (!flowId) {
      const params = new URLSearchParams(
        Object.entries(filterQuery(next)).filter((e): e is [string, string] => !!e[1]),
      );
      if (next.time && next.time !== 'custom') params.set('time', next.time);
      window.history.replaceState(null, '', `${window.location.pathname}${params.size ? `?${params}` : ''}`);
    }
    clearTimeout(searchTimer.current);
    if (debounce) searchTimer.current = setTimeout(() => void applyFilter(next), SEARCH_DEBOUNCE_MS);
    else void applyFilter(next);
  }

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    const res = await fetchRunRows({ ...filterQuery(filterRef.current, flowId), cursor }).catch(() => null);
    if (res) {
      setOlder((o) => [...o, ...res.items]);
      setCursor(res.nextCursor);
    }
    setLoadingMore(false);
  }

  function clearSelection() {
    setSelected(new Set());
    setAllMatching(false);
    setMatching(null);
  }

  const rows = [...head, ...older];
  const allShownSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  async function toggleAll() {
    if (allShownSelected) return clearSelection();
    setSelected(new Set(rows.map((r) => r.id)));
    // More than shown may match: offer them all.
    if (cursor) {
      const res = await api('GET /runs/count', { query: filterQuery(filterRef.current, flowId) }).catch(() => null);
      setMatching(res?.count ?? null);
    }
  }

  function toggle(id: string) {
    setAllMatching(false);
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const selection: Selection | null = allMatching
    ? { kind: 'matching', total: matching ?? 0, query: filterQuery(filterRef.current, flowId) }
    : selected.size
      ? { kind: 'runs', runIds: [...selected] }
      : null;
  const search = filter.search.trim();

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <RunFilters filter={filter} onChange={changeFilter} flows={flows} />
        <p className="flex items-center gap-1.5 text-xs text-slate-500" data-testid="live-mode" data-mode={mode}>
          <span
            className={`size-1.5 rounded-full ${mode === 'stream' ? 'animate-pulse bg-emerald-500' : 'bg-amber-500'}`}
            aria-hidden="true"
          />
          {mode === 'polling' ? 'Updates every few seconds' : 'Updates live'}
        </p>
      </div>
      {selection && <BulkReplayBar selection={selection} onClear={clearSelection} onFinished={() => void refresh()} />}
      {allShownSelected && !allMatching && matching !== null && matching > rows.length && (
        <p className="text-sm text-slate-700">
          All {rows.length} runs shown are selected.{' '}
          <button type="button" className="font-medium text-brand-700 underline" onClick={() => setAllMatching(true)}>
            Select all {matching} matching runs
          </button>
        </p>
      )}
      {rows.length === 0 ? (
        <EmptyState
          icon={<RunIcon />}
          title={
            search
              ? `No ${filter.status ? `${filter.status} ` : ''}runs match “${search}”`
              : filter.status
                ? `No ${filter.status} runs`
                : 'No runs yet'
          }
        >
          {search
            ? 'The search looks for this text anywhere in the event body (for example an email address).'
            : filter.status || filter.time || filter.flowId
              ? 'Try another filter.'
              : flowId
                ? 'Publish this flow, then send an event to its webhook URL (from your form tool, or with the curl command in the editor). Runs appear here as they happen.'
                : 'A run appears here each time a published flow receives an event. Open a flow, publish it and send its webhook URL a submission.'}
        </EmptyState>
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white shadow-xs">
          <Table aria-label="Runs" data-testid="runs-table">
            <THead>
              <tr>
                {canReplay && (
                  <Th className="w-8">
                    <input
                      type="checkbox"
                      checked={allShownSelected}
                      onChange={() => void toggleAll()}
                      aria-label="Select all runs shown"
                      className="size-4 accent-brand-600"
                    />
                  </Th>
                )}
                <Th>Status</Th>
                <Th>Trigger</Th>
                {showFlow && <Th className="hidden md:table-cell">Flow</Th>}
                <Th>Started</Th>
                <Th className="hidden sm:table-cell">Duration</Th>
              </tr>
            </THead>
            <TBody>
              {rows.map((r) => (
                <Tr key={r.id} data-run-id={r.id} data-status={r.status}>
                  {canReplay && (
                    <Td>
                      <input
                        type="checkbox"
                        checked={allMatching || selected.has(r.id)}
                        onChange={() => toggle(r.id)}
                        aria-label={`Select the ${r.status} run${r.summary ? ` for ${r.summary}` : ''}`}
                        className="size-4 accent-brand-600"
                      />
                    </Td>
                  )}
                  <Td>
                    <Link
                      href={`/runs/${r.id}`}
                      className="rounded focus-visible:ring-2 focus-visible:ring-brand-500/40 focus-visible:outline-none"
                      aria-label={`Run ${r.status}${r.summary ? ` for ${r.summary}` : ''}`}
                    >
                      <StatusBadge status={r.status} />
                    </Link>
                  </Td>
                  <Td className="max-w-[14rem] truncate">
                    <Link href={`/runs/${r.id}`} className="hover:underline">
                      {r.summary ?? (r.source === 'backup-check' ? 'Backup check item' : 'Event')}
                    </Link>
                    <ReplayMarker row={r} />
                  </Td>
                  {showFlow && (
                    <Td className="hidden max-w-[12rem] truncate md:table-cell">
                      <Link href={`/flows/${r.flowId}/runs`} className="text-slate-600 hover:underline">
                        {r.flowName}
                      </Link>
                    </Td>
                  )}
                  <Td className="whitespace-nowrap text-slate-600">
                    <LocalTime value={r.createdAt} />
                  </Td>
                  <Td className="hidden whitespace-nowrap text-slate-600 tabular-nums sm:table-cell">
                    {runDuration(r, now)}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      )}
      {cursor && (
        <Button variant="secondary" size="sm" onClick={loadMore} loading={loadingMore}>
          Load older runs
        </Button>
      )}
    </div>
  );
}
