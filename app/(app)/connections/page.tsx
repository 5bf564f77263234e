import type { Metadata } from 'next';
import { ConnectionsBody } from '@/components/connections/connections-body';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Connections' };
export const dynamic = 'force-dynamic';

export default function ConnectionsPage() {
  return (
    <>
      <PageHeader
        title="Connections"
        description="Accounts and servers your steps use: email, Slack, HubSpot, Twilio, HTTP."
      />
      <ConnectionsBody />
    </>
  );
}
