import type { Metadata } from 'next';
import { RunsBody } from '@/components/runs/runs-body';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Runs' };
export const dynamic = 'force-dynamic';

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" description="Every execution of your flows, step by step." />
      <RunsBody />
    </>
  );
}
