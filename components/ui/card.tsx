import type { ReactNode } from 'react';
import { cn } from './cn';

type CardProps = {
  title?: ReactNode;
  description?: ReactNode;
  /** Buttons on the right of the title row. */
  actions?: ReactNode;
  footer?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** Drop the body padding, e.g. for a table that runs edge to edge. */
  flush?: boolean;
  id?: string;
};

export function Card({ title, description, actions, footer, children, className, flush, id }: CardProps) {
  const hasHeader = title || description || actions;
  return (
    <section id={id} className={cn('rounded-lg border border-slate-200 bg-white shadow-xs', className)}>
      {hasHeader && (
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
          <div className="min-w-0">
            {title && <h2 className="text-sm font-semibold text-slate-900">{title}</h2>}
            {description && <p className="mt-0.5 text-sm text-slate-500">{description}</p>}
          </div>
          {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
        </header>
      )}
      {children !== undefined && <div className={flush ? undefined : 'px-5 py-4'}>{children}</div>}
      {footer && (
        <footer className="flex items-center justify-end gap-2 rounded-b-lg border-t border-slate-100 bg-slate-50/60 px-5 py-3">
          {footer}
        </footer>
      )}
    </section>
  );
}
