import { activityOutcomes, type ActivityBucket, type ActivityOutcome } from '@/lib/flows/flow-activity';

const colors: Record<ActivityOutcome, string> = {
  succeeded: '#10b981',
  filtered: '#94a3b8',
  failed: '#ef4444',
  'in progress': '#2f6fed',
  held: '#f59e0b',
  duplicate: '#a78bfa',
  refused: '#fb7185',
};

const W = 5;
const H = 140;

/** Stacked bars: one per hour over 7 days, coloured by outcome. Plain SVG, drawn on the server. */
export function ActivityChart({ buckets }: { buckets: ActivityBucket[] }) {
  const totals = Object.fromEntries(
    activityOutcomes.map((o) => [o, buckets.reduce((s, b) => s + (b.counts[o] ?? 0), 0)]),
  ) as Record<ActivityOutcome, number>;
  const max = Math.max(1, ...buckets.map((b) => activityOutcomes.reduce((s, o) => s + (b.counts[o] ?? 0), 0)));
  const summary =
    activityOutcomes
      .filter((o) => totals[o])
      .map((o) => `${totals[o]} ${o}`)
      .join(', ') || 'no events';
  const dayStarts = buckets.map((b, i) => ({ i, d: new Date(b.hour) })).filter(({ d }) => d.getUTCHours() === 0);

  return (
    <figure className="space-y-3">
      <svg
        viewBox={`0 0 ${buckets.length * W} ${H + 16}`}
        className="h-44 w-full"
        preserveAspectRatio="none"
        role="img"
        aria-label={`Events and runs per hour, last 7 days: ${summary}`}
      >
        <line x1={0} x2={buckets.length * W} y1={H} y2={H} stroke="#e2e8f0" />
        {dayStarts.map(({ i }) => (
          <line key={i} x1={i * W} x2={i * W} y1={0} y2={H} stroke="#f1f5f9" />
        ))}
        {buckets.map((b, i) => {
          let y = H;
          return (
            <g key={b.hour}>
              {activityOutcomes.map((o) => {
                const n = b.counts[o] ?? 0;
                if (!n) return null;
                const h = (n / max) * (H - 4);
                y -= h;
                return (
                  <rect key={o} x={i * W + 0.5} y={y} width={W - 1} height={h} fill={colors[o]}>
                    <title>{`${new Date(b.hour).toISOString().slice(0, 13).replace('T', ' ')}:00 UTC — ${n} ${o}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </svg>
      <div className="flex justify-between text-xs text-slate-500" aria-hidden="true">
        <span>7 days ago</span>
        <span>now</span>
      </div>
      <figcaption>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
          {activityOutcomes.map((o) => (
            <li key={o} className="flex items-center gap-1.5">
              <span className="size-2.5 rounded-sm" style={{ background: colors[o] }} aria-hidden="true" />
              {o} <span className="font-medium text-slate-900 tabular-nums">{totals[o]}</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
