'use client';

import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { runStatuses, type RunStatusValue } from '@/lib/runs/run-statuses';
import { timePresets, type RunsFilter, type TimePreset } from './run-filter-values';

// The runs page's filter bar: search in the event body, flow, status and time
// range (presets, or from/to). The filter is also what "select all N
// matching" and a bulk replay act on.

export function RunFilters({
  filter,
  onChange,
  flows,
}: {
  filter: RunsFilter;
  onChange: (next: RunsFilter, debounce?: boolean) => void;
  /** Offered as a flow filter on the all-runs page. */
  flows?: { id: string; name: string }[];
}) {
  const set = (patch: Partial<RunsFilter>, debounce = false) => onChange({ ...filter, ...patch }, debounce);
  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className="flex items-center gap-2 text-sm text-slate-700">
        Search
        <Input
          type="search"
          value={filter.search}
          onChange={(e) => set({ search: e.target.value }, true)}
          placeholder="Email, name, order number…"
          maxLength={200}
          className="w-64"
          aria-label="Search the event bodies"
          data-testid="runs-search"
        />
      </label>
      {flows && (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          Flow
          <Select
            value={filter.flowId}
            onChange={(e) => set({ flowId: e.target.value })}
            className="w-48"
            aria-label="Filter by flow"
          >
            <option value="">All flows</option>
            {flows.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </Select>
        </label>
      )}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        Status
        <Select
          value={filter.status}
          onChange={(e) => set({ status: e.target.value as RunStatusValue | '' })}
          className="w-36"
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
      <label className="flex items-center gap-2 text-sm text-slate-700">
        Time
        <Select
          value={filter.time}
          onChange={(e) => set({ time: e.target.value as TimePreset })}
          className="w-40"
          aria-label="Filter by time"
        >
          {Object.entries(timePresets).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </Select>
      </label>
      {filter.time === 'custom' && (
        <>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            From
            <Input
              type="datetime-local"
              value={filter.from}
              onChange={(e) => set({ from: e.target.value }, true)}
              className="w-52"
            />
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            To
            <Input
              type="datetime-local"
              value={filter.to}
              onChange={(e) => set({ to: e.target.value }, true)}
              className="w-52"
            />
          </label>
        </>
      )}
    </div>
  );
}
