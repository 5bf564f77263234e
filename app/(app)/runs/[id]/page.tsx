import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RunView } from '@/components/runs/run-view';
import { requireUser } from '@/lib/auth/current-user';
import { runDetailView } from '@/lib/runs/run-detail-view';
import { isUuid } from '@/lib/db/is-uuid';

export const metadata: Metadata = { title: 'Run' };
export const dynamic = 'force-dynamic';

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  if (!isUuid(id)) notFound();
  const run = await runDetailView(user.workspace.id, id);
  if (!run) notFound();
  return <RunView initial={run} />;
}
