import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BackupCheckCard } from '@/components/backup-check/backup-check-card';
import { ActivityChart } from '@/components/flows/activity-chart';
import { FlowHeader } from '@/components/flows/flow-header';
import { loadFlowForPage } from '@/lib/flows/load-flow-for-page';
import { QuietThresholdForm } from '@/components/flows/quiet-threshold-form';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { getBackupCheckStatus } from '@/lib/backup-check/backup-check-status';
import { flowActivity } from '@/lib/flows/flow-activity';

export const metadata: Metadata = { title: 'Flow overview' };
export const dynamic = 'force-dynamic';

export default async function FlowOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, flow } = await loadFlowForPage((await params).id);
  const [activity, backupCheck] = await Promise.all([
    flowActivity(user.workspace.id, flow.id),
    getBackupCheckStatus(user.workspace.id, flow.id).catch(() => null),
  ]);
  if (!activity) notFound();
  return (
    <>
      <FlowHeader flow={flow} current="overview" />
      <div className="space-y-6">
        {activity.quiet !== null && (
          <Alert tone="warning" title={`No events for ${activity.quiet} hours`}>
            This flow is live but nothing has arrived for longer than your {activity.quietHours}-hour threshold. Check
            that your form tool still sends to the webhook URL.
          </Alert>
        )}
        {flow.status === 'draft' && (
          <Alert tone="info">
            This flow is not published yet: events at its URL are only kept as test samples. Publish it from the editor.
          </Alert>
        )}
        <Card title="Last 7 days" description="Events and runs per hour, by outcome.">
          <ActivityChart buckets={activity.buckets} />
        </Card>
        {backupCheck && (backupCheck.enabled || backupCheck.eventsBySource.some((d) => d.backupCheck > 0)) && (
          <BackupCheckCard flowId={flow.id} status={backupCheck} />
        )}
        <Card title="Quiet-flow warning" description="Get a warning here when a live flow stops receiving events.">
          <div className="space-y-3">
            <p className="text-sm text-slate-600">
              Last event: <LocalTime value={activity.lastEventAt} fallback="none yet" />
            </p>
            <QuietThresholdForm flowId={flow.id} hours={activity.quietHours} />
          </div>
        </Card>
      </div>
    </>
  );
}
