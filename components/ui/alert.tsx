import type { ReactNode } from 'react';
import { cn } from './cn';

export type AlertTone = 'error' | 'warning' | 'success' | 'info';

const tones: Record<AlertTone, string> = {
  error: 'border-red-200 bg-red-50 text-red-800',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-800',
  info: 'border-brand-100 bg-brand-50 text-brand-700',
};

/** A message box for a whole form or page; errors are announced (role=alert). */
export function Alert({
  tone = 'info',
  title,
  children,
  className,
  id,
}: {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  id?: string;
}) {
  return (
    <div
      id={id}
      role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}
      className={cn('rounded-md border px-3 py-2.5 text-sm', tones[tone], className)}
    >
      {title && <p className="font-medium">{title}</p>}
      {children && <div className={cn(title ? 'mt-0.5' : undefined)}>{children}</div>}
    </div>
  );
}
