import type { Metadata } from 'next';
import { FlowsBody } from '@/components/flows/flows-body';
import { LinkButton } from '@/components/ui/button';
import { PlusIcon } from '@/components/ui/icons';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Flows' };
export const dynamic = 'force-dynamic';

export default function FlowsPage() {
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
      <FlowsBody />
    </>
  );
}
