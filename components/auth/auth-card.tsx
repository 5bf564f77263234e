import Link from 'next/link';
import type { ReactNode } from 'react';

/** The frame of the sign-in, sign-up and password pages. */
export function AuthCard({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="w-full max-w-sm">
      <div className="mb-6 text-center">
        <Link href="/" className="inline-flex items-center gap-2 text-sm font-semibold text-slate-900">
          <Logo />
          Switchboard
        </Link>
        <h1 className="mt-6 text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {subtitle && <p className="mt-1.5 text-sm text-slate-500">{subtitle}</p>}
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
      {footer && <div className="mt-5 text-center text-sm text-slate-500">{footer}</div>}
    </div>
  );
}

export function Logo({ className = 'size-6' }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" className={className} aria-hidden="true">
      <rect width="24" height="24" rx="6" className="fill-brand-600" />
      <circle cx="7.5" cy="8" r="2" fill="white" />
      <circle cx="16.5" cy="16" r="2" fill="white" />
      <path d="M9.5 8h3a2 2 0 0 1 2 2v4" stroke="white" strokeWidth="1.8" fill="none" strokeLinecap="round" />
    </svg>
  );
}
