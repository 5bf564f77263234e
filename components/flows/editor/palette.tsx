'use client';

import { useMemo, useState } from 'react';
import { stepCatalog } from '@/lib/integrations/registry';
import { StepIcon } from './step-icon';

export const DRAG_TYPE = 'application/x-switchboard-step';

const categoryOrder = ['trigger', 'crm', 'message', 'http', 'logic'];
const categoryTitle: Record<string, string> = {
  trigger: 'Trigger',
  crm: 'CRM',
  message: 'Messages',
  http: 'APIs',
  logic: 'Logic',
};

/** Step types to drag onto the canvas, or click to add after the selected step. */
export function Palette({ onAdd, hasTrigger }: { onAdd(type: string): void; hasTrigger: boolean }) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const defs = Object.values(stepCatalog).filter(
      (d) =>
        (!hasTrigger || d.category !== 'trigger') &&
        (!q || `${d.label} ${d.description} ${d.type}`.toLowerCase().includes(q)),
    );
    return categoryOrder
      .map((c) => ({ category: c, defs: defs.filter((d) => d.category === c) }))
      .filter((g) => g.defs.length);
  }, [query, hasTrigger]);

  return (
    <nav aria-label="Steps" className="flex h-full flex-col">
      <div className="border-b border-slate-200 p-3">
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search steps"
          aria-label="Search steps"
          className="h-8 w-full rounded-md border border-slate-300 px-2 text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/25 focus:outline-none"
        />
        <p className="mt-2 text-xs text-slate-500">
          Drag a step onto the canvas, or click to add it after the selected step.
        </p>
      </div>
      <div className="flex-1 space-y-4 overflow-y-auto p-3">
        {groups.length === 0 && <p className="text-sm text-slate-500">No step matches “{query}”.</p>}
        {groups.map((g) => (
          <div key={g.category}>
            <p className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              {categoryTitle[g.category]}
            </p>
            <ul className="space-y-1.5">
              {g.defs.map((d) => (
                <li key={d.type}>
                  <button
                    type="button"
                    draggable
                    data-step-type={d.type}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(DRAG_TYPE, d.type);
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                    onClick={() => onAdd(d.type)}
                    aria-label={`Add ${d.label}: ${d.description}`}
                    className="flex w-full cursor-grab items-start gap-2.5 rounded-md border border-slate-200 bg-white p-2 text-left shadow-xs hover:border-brand-500 focus-visible:ring-2 focus-visible:ring-brand-500/40 focus-visible:outline-none active:cursor-grabbing"
                  >
                    <StepIcon icon={d.icon} category={d.category} />
                    <span className="min-w-0">
                      <span className="block text-sm font-medium text-slate-900">{d.label}</span>
                      <span className="block text-xs leading-snug text-slate-500">{d.description}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}
