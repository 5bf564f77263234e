import { cn } from '@/components/ui/cn';

// Icons of the apps (lib/integrations/<app>/app.ts): a name from this set, or
// an app's own SVG path data ("M4 5h16…", 24×24, stroked), so a new app
// needs no change here.

const paths: Record<string, React.ReactNode> = {
  webhook: (
    <>
      <path d="M18 16.98h-5.99c-1.1 0-1.95.94-2.48 1.9A4 4 0 0 1 2 17c.01-.7.2-1.4.57-2" />
      <path d="m6 17 3.13-5.78c.53-.97.1-2.18-.5-3.1a4 4 0 1 1 6.89-4.06" />
      <path d="m12 6 3.13 5.73C15.66 12.7 16.9 13 18 13a4 4 0 0 1 0 8" />
    </>
  ),
  contact: (
    <>
      <circle cx="12" cy="8" r="3.5" />
      <path d="M5 20a7 7 0 0 1 14 0" />
    </>
  ),
  mail: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="m3.5 6.5 8.5 6 8.5-6" />
    </>
  ),
  hubspot: (
    <>
      <circle cx="16" cy="14" r="3.5" />
      <path d="M16 10.5V6M14 4.5h4M13.2 16.3 8 20M12.7 12.4 5.5 7" />
      <circle cx="5" cy="6.5" r="1.5" />
    </>
  ),
  slack: (
    <>
      <path d="M9 3.5a1.5 1.5 0 0 0 0 3h1.5V5A1.5 1.5 0 0 0 9 3.5zM3.5 9A1.5 1.5 0 0 0 5 10.5h5V9a1.5 1.5 0 0 0-1.5-1.5H5A1.5 1.5 0 0 0 3.5 9z" />
      <path d="M20.5 9A1.5 1.5 0 0 0 17.5 9v1.5H19A1.5 1.5 0 0 0 20.5 9zM15 3.5A1.5 1.5 0 0 0 13.5 5v5H15a1.5 1.5 0 0 0 1.5-1.5V5A1.5 1.5 0 0 0 15 3.5z" />
      <path d="M15 20.5a1.5 1.5 0 0 0 0-3h-1.5V19a1.5 1.5 0 0 0 1.5 1.5zM20.5 15a1.5 1.5 0 0 0-1.5-1.5h-5V15a1.5 1.5 0 0 0 1.5 1.5H19a1.5 1.5 0 0 0 1.5-1.5z" />
      <path d="M3.5 15a1.5 1.5 0 0 0 3 0v-1.5H5A1.5 1.5 0 0 0 3.5 15zM9 20.5A1.5 1.5 0 0 0 10.5 19v-5H9a1.5 1.5 0 0 0-1.5 1.5V19A1.5 1.5 0 0 0 9 20.5z" />
    </>
  ),
  sms: (
    <>
      <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z" />
      <path d="M8.5 12h.01M12 12h.01M15.5 12h.01" />
    </>
  ),
  globe: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" />
    </>
  ),
  filter: <path d="M4 5h16l-6 7.5V19l-4 1.5v-8z" />,
  clock: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </>
  ),
};

const tones: Record<string, string> = {
  trigger: 'bg-violet-50 text-violet-700',
  crm: 'bg-emerald-50 text-emerald-700',
  message: 'bg-sky-50 text-sky-700',
  http: 'bg-amber-50 text-amber-700',
  logic: 'bg-slate-100 text-slate-700',
};

export function StepIcon({ icon, category, className }: { icon: string; category?: string; className?: string }) {
  return (
    <span
      className={cn(
        'flex size-8 shrink-0 items-center justify-center rounded-md',
        tones[category ?? 'logic'],
        className,
      )}
    >
      <svg
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        className="size-4"
      >
        {paths[icon] ?? (/^[Mm][\d\s.,-]/.test(icon) ? <path d={icon} /> : paths.globe)}
      </svg>
    </span>
  );
}
