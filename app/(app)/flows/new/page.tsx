import type { Metadata } from 'next';
import Link from 'next/link';
import { NewFlowChooser } from '@/components/editor/new-flow-chooser';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'New flow' };

export default function NewFlowPage() {
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
