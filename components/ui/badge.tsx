import type { ReactNode } from 'react';
import { cn } from './cn';

export type BadgeTone = 'gray' | 'blue' | 'green' | 'amber' | 'red' | 'violet';

const tones: Record<BadgeTone, string> = {
  gray: 'bg-slate-100 text-slate-700 ring-slate-200',
  blue: 'bg-brand-50 text-brand-700 ring-brand-100',
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  amber: 'bg-amber-50 text-amber-800 ring-amber-200',
  red: 'bg-red-50 text-red-700 ring-red-200',
  violet: 'bg-violet-50 text-violet-700 ring-violet-200',
};

const dots: Record<BadgeTone, string> = {
  gray: 'bg-slate-400',
  blue: 'bg-brand-500',
  green: 'bg-emerald-500',
  amber: 'bg-amber-500',
  red: 'bg-red-500',
  violet: 'bg-violet-500',
};

/** Colour of each status the product shows: flow, run, step and event statuses. */
const statusTones: Record<string, BadgeTone> = {
  // flows
  draft: 'gray',
  live: 'green',
  paused: 'amber',
  // runs and steps
  queued: 'gray',
  pending: 'gray',
  running: 'blue',
  waiting: 'violet',
  retrying: 'amber',
  succeeded: 'green',
  failed: 'red',
  canceled: 'gray',
  skipped: 'gray',
  // events
  accepted: 'green',
  test: 'blue',
  held: 'amber',
  duplicate: 'gray',
  refused: 'red',
  // api keys
  active: 'green',
  revoked: 'gray',
};

type BadgeProps = { tone?: BadgeTone; children: ReactNode; className?: string; dot?: boolean; pulse?: boolean };

export function Badge({ tone = 'gray', children, className, dot, pulse }: BadgeProps) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[tone],
        className,
      )}
    >
      {dot && <span className={cn('size-1.5 rounded-full', dots[tone], pulse && 'animate-pulse')} aria-hidden="true" />}
      {children}
    </span>
  );
}

/** A badge for a status value ("live", "failed"...), coloured by meaning. */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  const tone = statusTones[status] ?? 'gray';
  return (
    <Badge tone={tone} dot pulse={status === 'running'} className={className}>
      {status}
    </Badge>
  );
}
