import Link from 'next/link';
import type { RunListItem } from '@/lib/runs/list-runs';

const short = (id: string) => id.slice(-8);

/** In the runs list: "replay of …" on a replay, "replayed ×N" on a run that has replays. */
export function ReplayMarker({ row }: { row: Pick<RunListItem, 'id' | 'replayOf' | 'replayCount'> }) {
  return (
    <>
      {row.replayOf && (
        <Link
          href={`/runs/${row.replayOf}`}
          className="ml-1.5 text-xs text-slate-500 hover:underline"
          data-testid="replay-of-marker"
        >
          replay of {short(row.replayOf)}
        </Link>
      )}
      {row.replayCount > 0 && (
        <Link
          href={`/runs/${row.id}`}
          className="ml-1.5 rounded bg-amber-50 px-1 text-xs text-amber-800 hover:underline"
          title={`This run was replayed ${row.replayCount === 1 ? 'once' : `${row.replayCount} times`}`}
          data-testid="replayed-marker"
        >
          replayed{row.replayCount > 1 ? ` ×${row.replayCount}` : ''}
        </Link>
      )}
    </>
  );
}
