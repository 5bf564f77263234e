'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useCallback, useState, type ReactNode } from 'react';
import { Logo } from '@/components/auth/auth-card';
import { cn } from '@/components/ui/cn';
import { MenuIcon } from '@/components/ui/icons';
import { FailedRunsBadge } from '@/components/runs/failed-runs-badge';
import { navItems } from './nav-items';
import { ShellCoverContext } from './shell-cover';
import { UserMenu } from './user-menu';

type ShellProps = {
  user: { name: string; email: string };
  workspaceName: string;
  children: ReactNode;
};

/** The signed-in frame: sidebar on wide screens, a top bar and drawer on phones. */
export function AppShell({ user, workspaceName, children }: ShellProps) {
  const pathname = usePathname();
  // The drawer belongs to the page it was opened on: navigating closes it.
  const [drawerOn, setDrawerOn] = useState<string | null>(null);
  const drawer = drawerOn === pathname;
  const setDrawer = (open: boolean) => setDrawerOn(open ? pathname : null);
  // How many mounted pages cover the shell (see CoversShell); while any does, its chrome is inert.
  const [covers, setCovers] = useState(0);
  const cover = useCallback((delta: 1 | -1) => setCovers((n) => n + delta), []);
  const covered = covers > 0;

  const sidebar = (
    <div className="flex h-full flex-col">
      <div className="flex items-center gap-2 px-4 py-4">
        <Logo />
        <div className="min-w-0">
          <p className="text-sm leading-tight font-semibold text-slate-900">Switchboard</p>
          <p className="truncate text-xs text-slate-500" title={workspaceName}>
            {workspaceName}
          </p>
        </div>
      </div>
      <nav aria-label="Main" className="flex-1 space-y-0.5 px-2 py-2">
        {navItems.map(({ href, label, icon: Icon }) => {
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <Link
              key={href}
              href={href}
              aria-current={active ? 'page' : undefined}
              className={cn(
                'flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium transition-colors',
                active ? 'bg-slate-200/70 text-slate-900' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
              )}
            >
              <Icon className={active ? 'text-brand-600' : 'text-slate-400'} />
              {label}
              {href === '/runs' && <FailedRunsBadge />}
            </Link>
          );
        })}
      </nav>
      <div className="border-t border-slate-200 p-2">
        <UserMenu name={user.name} email={user.email} />
      </div>
    </div>
  );

  return (
    <div className="min-h-full">
      <aside
        inert={covered}
        className="fixed inset-y-0 left-0 z-20 hidden w-60 border-r border-slate-200 bg-slate-50 lg:block"
      >
        {sidebar}
      </aside>

      <div
        inert={covered}
        className="sticky top-0 z-20 flex items-center gap-3 border-b border-slate-200 bg-white/90 px-4 py-2.5 backdrop-blur lg:hidden"
      >
        <button
          type="button"
          aria-label="Open navigation"
          aria-expanded={drawer}
          onClick={() => setDrawer(true)}
          className="-ml-1 rounded-md p-1.5 text-slate-600 hover:bg-slate-100"
        >
          <MenuIcon className="size-5" />
        </button>
        <Link href="/flows" className="flex items-center gap-2 text-sm font-semibold">
          <Logo className="size-5" />
          Switchboard
        </Link>
      </div>

      {drawer && !covered && (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
          <div className="absolute inset-0 bg-slate-900/30" onClick={() => setDrawer(false)} />
          <aside className="absolute inset-y-0 left-0 w-72 max-w-[85%] border-r border-slate-200 bg-slate-50 shadow-xl">
            {sidebar}
          </aside>
        </div>
      )}

      <main className="lg:pl-60">
        <div className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
          <ShellCoverContext value={cover}>{children}</ShellCoverContext>
        </div>
      </main>
    </div>
  );
}
