'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchRunRows } from '@/app/(app)/runs/actions';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { RunIcon } from '@/components/ui/icons';
import { LocalTime } from '@/components/ui/local-time';
import { Select } from '@/components/ui/select';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import type { RunRow } from '@/lib/runs/run-list-rows';
import { runStatuses, type RunStatusValue } from '@/lib/runs/run-statuses';
import { useNow } from '@/components/ui/use-now';
import { runDuration } from './run-format';
import { ReplayMarker } from './replay-marker';

const POLL_MS = 2000;
const SEARCH_DEBOUNCE_MS = 300;

type Filter = { status: RunStatusValue | ''; search: string };

type Props = {
  initial: { items: RunRow[]; nextCursor: string | null };
  flowId?: string;
  /** Across flows: show which flow each run belongs to. */
  showFlow?: boolean;
};

/** Runs with status, start, duration and trigger summary; refreshes itself while open. */
export function RunList({ initial, flowId, showFlow }: Props) {
  const [status, setStatus] = useState<RunStatusValue | ''>('');
  const [search, setSearch] = useState('');
  const [head, setHead] = useState(initial.items);
  const [older, setOlder] = useState<RunRow[]>([]);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [loadingMore, setLoadingMore] = useState(false);
  // Null until mounted, so the first render matches the server's (React error #418 otherwise).
  const now = useNow(1000);
  // The filter the latest request was made for; an answer for an older filter is dropped.
  const filterRef = useRef<Filter>({ status: '', search: '' });
  const searchTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const query = (f: Filter) => ({ flowId, status: f.status || undefined, search: f.search.trim() || undefined });

  const refresh = useCallback(async () => {
    const f = filterRef.current;
    const res = await fetchRunRows(query(f)).catch(() => null);
    if (!res || filterRef.current !== f) return;
    setHead(res.items);
    setOlder((o) => (o.length ? o.filter((r) => !res.items.some((h) => h.id === r.id)) : o));
    setCursor((c) => (older.length ? c : res.nextCursor));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flowId, older.length]);

  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, POLL_MS);
    return () => clearInterval(t);
  }, [refresh]);

  async function applyFilter(f: Filter) {
    filterRef.current = f;
    setOlder([]);
    const res = await fetchRunRows(query(f));
    if (res && filterRef.current === f) {
      setHead(res.items);
      setCursor(res.nextCursor);
    }
  }

  function changeStatus(v: RunStatusValue | '') {
    setStatus(v);
    void applyFilter({ status: v, search });
  }

  function changeSearch(v: string) {
    setSearch(v);
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => void applyFilter({ status, search: v }), SEARCH_DEBOUNCE_MS);
  }

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    const res = await fetchRunRows({ ...query(filterRef.current), cursor }).catch(() => null);
    if (res) {
      setOlder((o) => [...o, ...res.items]);
      setCursor(res.nextCursor);
    }
    setLoadingMore(false);
  }

  const rows = [...head, ...older];

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            Search
            <Input
              type="search"
              value={search}
              onChange={(e) => changeSearch(e.target.value)}
              placeholder="Email, order number…"
              maxLength={200}
              className="w-64"
              aria-label="Search the event bodies"
              data-testid="runs-search"
            />
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            Status
            <Select
              value={status}
              onChange={(e) => changeStatus(e.target.value as RunStatusValue | '')}
              className="w-40"
              aria-label="Filter by status"
            >
              <option value="">All</option>
              {runStatuses.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          </label>
        </div>
        <p className="flex items-center gap-1.5 text-xs text-slate-500" aria-hidden="true">
          <span className="size-1.5 animate-pulse rounded-full bg-emerald-500" /> Updates live
        </p>
      </div>
      {rows.length === 0 ? (
        <EmptyState
          icon={<RunIcon />}
          title={
            search.trim()
              ? `No ${status ? `${status} ` : ''}runs match “${search.trim()}”`
              : status
                ? `No ${status} runs`
                : 'No runs yet'
          }
        >
          {search.trim()
            ? 'The search looks for this text anywhere in the event body (for example an email address).'
            : status
              ? 'Try another status filter.'
              : flowId
                ? 'Publish this flow, then send an event to its webhook URL (from your form tool, or with the curl command in the editor). Runs appear here as they happen.'
                : 'A run appears here each time a published flow receives an event. Open a flow, publish it and send its webhook URL a submission.'}
        </EmptyState>
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white shadow-xs">
          <Table aria-label="Runs" data-testid="runs-table">
            <THead>
              <tr>
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
