import type { Metadata } from 'next';
import { BackupCheckAlerts } from '@/components/backup-check/backup-check-alerts';
import { FlowList } from '@/components/flows/flow-list';
import { LinkButton } from '@/components/ui/button';
import { PlusIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';
import { backupCheckAlerts } from '@/lib/backup-check/backup-check-alerts';
import { withRunActivity } from '@/lib/flows/flow-summaries';
import { listFlows } from '@/lib/flows/list-flows';

export const metadata: Metadata = { title: 'Flows' };
export const dynamic = 'force-dynamic';

/** The page lists this many flows, newest first, on one page. */
const FLOWS_SHOWN = 500;

export default async function FlowsPage() {
  const user = await requireUser();
  const [page, alerts] = await Promise.all([
    listFlows(user.workspace.id, { limit: FLOWS_SHOWN }),
    backupCheckAlerts(user.workspace.id),
  ]);
  const flows = await withRunActivity(user.workspace.id, page.items);
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
