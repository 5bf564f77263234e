import type { BackupCheckStatus } from '@/lib/backup-check/backup-check-status';

const WEBHOOK = '#2f6fed';
const BACKUP = '#f59e0b';

/** Events per day by how they arrived, last 7 days: backup-check bars mean the push missed them. Plain SVG. */
export function EventsBySourceChart({ days }: { days: BackupCheckStatus['eventsBySource'] }) {
  const max = Math.max(1, ...days.map((d) => d.webhook + d.backupCheck));
  const totals = days.reduce(
    (t, d) => ({ webhook: t.webhook + d.webhook, backupCheck: t.backupCheck + d.backupCheck }),
    { webhook: 0, backupCheck: 0 },
  );
  const H = 80;
  const W = 40;
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${days.length * W} ${H + 14}`}
        className="h-28 w-full max-w-md"
        preserveAspectRatio="xMinYMid meet"
        role="img"
        aria-label={`Events by source, last 7 days: ${totals.webhook} by webhook, ${totals.backupCheck} by backup check`}
      >
        {days.map((d, i) => {
          const hw = (d.webhook / max) * (H - 2);
          const hb = (d.backupCheck / max) * (H - 2);
          return (
            <g key={d.date}>
              <rect x={i * W + 8} y={H - hw} width={W - 16} height={hw} fill={WEBHOOK}>
                <title>{`${d.date}: ${d.webhook} by webhook`}</title>
              </rect>
              <rect x={i * W + 8} y={H - hw - hb} width={W - 16} height={hb} fill={BACKUP}>
                <title>{`${d.date}: ${d.backupCheck} by backup check`}</title>
              </rect>
              <text x={i * W + W / 2} y={H + 12} textAnchor="middle" fontSize="9" fill="#64748b">
                {d.date.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="flex flex-wrap gap-4 text-xs text-slate-600">
        <span className="flex items-center gap-1.5">
          <span className="inline-block size-2.5 rounded-sm" style={{ background: WEBHOOK }} /> Webhook:{' '}
          {totals.webhook}
        </span>
        <span className="flex items-center gap-1.5" data-testid="backup-check-total">
          <span className="inline-block size-2.5 rounded-sm" style={{ background: BACKUP }} /> Backup check:{' '}
          {totals.backupCheck}
        </span>
      </figcaption>
    </figure>
  );
}
