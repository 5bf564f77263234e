import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/current-user';
import { NewFlowChooser } from '@/components/flows/new-flow-chooser';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'New flow' };

export default async function NewFlowPage() {
  // Viewers cannot create flows (the API refuses too); send them back to the list.
  if ((await requireUser()).role === 'viewer') redirect('/flows');
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/flows">← Flows</Link>}
        title="New flow"
        description="Pick a starting point. Every flow begins with a webhook URL that your form tool or app sends events to."
      />
      <NewFlowChooser />
    </>
  );
}
