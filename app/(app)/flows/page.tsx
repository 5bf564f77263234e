import type { Metadata } from 'next';
import { BackupCheckAlerts } from '@/components/backup-check/backup-check-alerts';
import { FlowList } from '@/components/flows/flow-list';
import { LinkButton } from '@/components/ui/button';
import { PlusIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';
import { backupCheckAlerts } from '@/lib/backup-check/backup-check-alerts';
import { flowSummaries } from '@/lib/flows/flow-summaries';

export const metadata: Metadata = { title: 'Flows' };
export const dynamic = 'force-dynamic';

export default async function FlowsPage() {
  const user = await requireUser();
  const [flows, alerts] = await Promise.all([flowSummaries(user.workspace.id), backupCheckAlerts(user.workspace.id)]);
  return (
    <>
      <PageHeader
        title="Flows"
        description="Each flow turns incoming webhook events into steps."
        actions={
          user.role !== 'viewer' && (
            <LinkButton href="/flows/new">
              <PlusIcon /> New flow
            </LinkButton>
          )
        }
      />
      <BackupCheckAlerts alerts={alerts} />
      <FlowList flows={flows} canEdit={user.role !== 'viewer'} />
    </>
  );
}
