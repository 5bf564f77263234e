import type { Metadata } from 'next';
import { FlowList } from '@/components/editor/flow-list';
import { LinkButton } from '@/components/ui/button';
import { PlusIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';
import { flowSummaries } from '@/lib/flows/flow-summaries';

export const metadata: Metadata = { title: 'Flows' };
export const dynamic = 'force-dynamic';

export default async function FlowsPage() {
  const user = await requireUser();
  const flows = await flowSummaries(user.workspace.id);
  return (
    <>
      <PageHeader
        title="Flows"
        description="Each flow turns incoming webhook events into steps."
        actions={
          <LinkButton href="/flows/new">
            <PlusIcon /> New flow
          </LinkButton>
        }
      />
      <FlowList flows={flows} />
    </>
  );
}
