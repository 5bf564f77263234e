import type { Metadata } from 'next';
import { ConnectionsBody } from '@/components/connections/connections-body';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Connections' };
export const dynamic = 'force-dynamic';

export default async function ConnectionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { connected } = await searchParams;
  return (
    <>
      <PageHeader
        title="Connections"
        description="Accounts and servers your steps use: email, Slack, HubSpot, Twilio, HTTP, and accounts you sign in to (Google, Microsoft 365, Salesforce, HubSpot)."
      />
      <ConnectionsBody connected={typeof connected === 'string' ? connected : undefined} />
    </>
  );
}
