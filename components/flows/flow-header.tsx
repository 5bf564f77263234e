import Link from 'next/link';
import { StatusBadge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { PageHeader } from '@/components/ui/page-header';

const tabs = [
  { key: 'editor', label: 'Editor', href: (id: string) => `/flows/${id}` },
  { key: 'runs', label: 'Runs', href: (id: string) => `/flows/${id}/runs` },
  { key: 'overview', label: 'Overview', href: (id: string) => `/flows/${id}/overview` },
  { key: 'versions', label: 'Versions', href: (id: string) => `/flows/${id}/versions` },
  { key: 'settings', label: 'Settings', href: (id: string) => `/flows/${id}/settings` },
] as const;

/** Title and tabs of a flow's pages (runs, overview); the editor has its own toolbar. */
export function FlowHeader({
  flow,
  current,
}: {
  flow: { id: string; name: string; status: string };
  current: 'runs' | 'overview' | 'versions' | 'settings';
}) {
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/flows">← Flows</Link>}
        title={
          <span className="flex items-center gap-2">
            <span className="truncate">{flow.name}</span> <StatusBadge status={flow.status} />
          </span>
        }
        className="mb-3"
      />
      <nav aria-label="Flow" className="mb-6 flex gap-1 border-b border-slate-200 text-sm">
        {tabs.map((t) => (
          <Link
            key={t.key}
            href={t.href(flow.id)}
            aria-current={t.key === current ? 'page' : undefined}
            className={cn(
              '-mb-px border-b-2 px-3 py-2',
              t.key === current
                ? 'border-brand-600 font-medium text-slate-900'
                : 'border-transparent text-slate-600 hover:text-slate-900',
            )}
          >
            {t.label}
          </Link>
        ))}
      </nav>
    </>
  );
}
