import { Card } from '@/components/ui/card';
import type { BackupCheckStatus } from '@/lib/backup-check/backup-check-status';
import { BackupCheckActions } from './backup-check-actions';
import { BackupCheckStateLine } from './backup-check-state-line';
import { EventsBySourceChart } from './events-by-source-chart';

/** The flow page's backup check card: health, events by source for 7 days, and its buttons. */
export function BackupCheckCard({ flowId, status }: { flowId: string; status: BackupCheckStatus }) {
  return (
    <Card
      title="Events by source"
      description="How events arrived over the last 7 days. Events the backup check picked up are ones the webhook never delivered."
    >
      <div className="space-y-4" data-testid="backup-check-card">
        <BackupCheckStateLine status={status} />
        <EventsBySourceChart days={status.eventsBySource} />
        {status.enabled && <BackupCheckActions flowId={flowId} baselineNotRun={status.baselineNotRun} />}
      </div>
    </Card>
  );
}
