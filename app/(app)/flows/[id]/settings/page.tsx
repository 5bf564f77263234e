import type { Metadata } from 'next';
import { AlertSettingsForm } from '@/components/alerts/alert-settings-form';
import { FlowHeader } from '@/components/flows/flow-header';
import { loadFlowForPage } from '@/lib/flows/load-flow-for-page';
import { Card } from '@/components/ui/card';
import { getAlertSettings } from '@/lib/alerts/alert-settings';

export const metadata: Metadata = { title: 'Flow settings' };
export const dynamic = 'force-dynamic';

export default async function FlowSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, flow } = await loadFlowForPage((await params).id);
  const alerts = await getAlertSettings(user.workspace.id, flow.id);
  return (
    <>
      <FlowHeader flow={flow} current="settings" />
      <Card title="Alerts" description="Where to hear about failed runs and a source that has gone quiet.">
        <AlertSettingsForm flowId={flow.id} initial={alerts} />
      </Card>
    </>
  );
}
