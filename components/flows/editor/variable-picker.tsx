'use client';

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { cn } from '@/components/ui/cn';
import { filterGroups, type VariableGroup } from './variables';

type PickerProps = {
  groups: VariableGroup[];
  onPick(path: string): void;
  /** Name of the field, for the button's accessible name. */
  fieldLabel: string;
};

/** "Insert variable" button with a searchable list of the sample's fields and earlier outputs. */
export function VariablePicker({ groups, onPick, fieldLabel }: PickerProps) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const filtered = useMemo(() => filterGroups(groups, query), [groups, query]);

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        // Keep the caret in the field: the insertion goes where the person was typing.
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={`Insert variable into ${fieldLabel}`}
        className="rounded px-1.5 py-0.5 font-mono text-xs text-brand-700 hover:bg-brand-50 focus-visible:ring-2 focus-visible:ring-brand-500/40 focus-visible:outline-none"
      >
        {'{ }'} Insert variable
      </button>
      {open && (
        <div
          id={id}
          role="dialog"
          aria-label="Insert a variable"
          className="absolute right-0 z-30 mt-1 w-80 rounded-lg border border-slate-200 bg-white shadow-lg"
          onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        >
          <div className="border-b border-slate-100 p-2">
            <input
              autoFocus
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Search fields"
              aria-label="Search fields"
              className="h-8 w-full rounded-md border border-slate-300 px-2 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/25 focus:outline-none"
            />
          </div>
          <div className="max-h-72 overflow-y-auto p-1">
            {groups.length === 0 && (
              <p className="p-3 text-sm text-slate-500">
                No sample yet. Send a test event to the test URL (select the Webhook step and use “Listen for test
                event”), then pick its fields here. You can also type{' '}
                <code className="font-mono">{'{{ trigger.body.email }}'}</code>.
              </p>
            )}
            {groups.length > 0 && filtered.length === 0 && (
              <p className="p-3 text-sm text-slate-500">No field matches “{query}”.</p>
            )}
            {filtered.map((g) => (
              <div key={g.title} role="group" aria-label={g.title} className="py-1">
                <p className="px-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{g.title}</p>
                {g.variables.length === 0 && <p className="px-2 text-xs text-slate-500">(empty)</p>}
                {g.variables.map((v) => (
                  <button
                    key={v.path}
                    type="button"
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => {
                      onPick(v.path);
                      setOpen(false);
                    }}
                    title={`Insert {{ ${v.path} }}`}
                    aria-label={`${v.name}${v.label && v.label !== v.name ? ` (${v.label})` : ''}, sample ${v.sample}`}
                    className="flex w-full items-baseline gap-2 rounded px-2 py-1 text-left text-sm hover:bg-brand-50 focus-visible:bg-brand-50 focus-visible:outline-none"
                    style={{ paddingLeft: 8 + v.depth * 14 }}
                  >
                    <span className={cn('shrink-0 font-mono text-slate-800', v.isGroup && 'text-slate-500')}>
                      {v.name}
                    </span>
                    {v.label && v.label !== v.name && (
                      <span className="shrink-0 truncate text-xs text-brand-700">{v.label}</span>
                    )}
                    <span className="min-w-0 truncate text-xs text-slate-500">{v.sample}</span>
                  </button>
                ))}
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
