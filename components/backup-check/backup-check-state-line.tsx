'use client';

import { LocalTime } from '@/components/ui/local-time';
import type { BackupCheckStatus } from '@/lib/backup-check/backup-check-status';

/** One line on the check's health: "every 15 min · last checked …", or "failing since … : why". */
export function BackupCheckStateLine({ status }: { status: BackupCheckStatus }) {
  if (!status.enabled) {
    return <p className="text-sm text-slate-500">Backup check: off in the published version.</p>;
  }
  if (status.failingSince) {
    return (
      <div className="text-sm text-red-700" data-testid="backup-check-failing">
        <p className="font-medium">
          Backup check failing since <LocalTime value={status.failingSince} />
        </p>
        {status.lastPollError && <p className="text-red-600">{status.lastPollError}</p>}
      </div>
    );
  }
  return (
    <p className="text-sm text-slate-600" data-testid="backup-check-state">
      Backup check every {status.intervalMinutes} min ·{' '}
      {status.baselinePending ? (
        'first check pending'
      ) : (
        <>
          last checked <LocalTime value={status.lastSuccessAt} fallback="not yet" />
        </>
      )}
      {status.caughtLast7Days > 0 && (
        <span className="text-amber-700"> · caught {status.caughtLast7Days} the webhook missed (7 days)</span>
      )}
    </p>
  );
}
