import type { Metadata } from 'next';
import { RunList } from '@/components/runs/run-list';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';
import { listRunRows } from '@/lib/runs/run-list-rows';

export const metadata: Metadata = { title: 'Runs' };
export const dynamic = 'force-dynamic';

export default async function RunsPage() {
  const user = await requireUser();
  const initial = await listRunRows(user.workspace.id, { limit: 50 });
  return (
    <>
      <PageHeader title="Runs" description="Every execution of your flows, step by step. Newest first." />
      <RunList initial={initial} showFlow />
    </>
  );
}
