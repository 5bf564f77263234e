import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RunView } from '@/components/runs/run-view';
import { requireUser } from '@/lib/auth/current-user';
import { runDetailView } from '@/lib/runs/run-detail-view';

export const metadata: Metadata = { title: 'Run' };
export const dynamic = 'force-dynamic';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  if (!uuid.test(id)) notFound();
  const run = await runDetailView(user.workspace.id, id);
  if (!run) notFound();
  return <RunView initial={run} />;
}
