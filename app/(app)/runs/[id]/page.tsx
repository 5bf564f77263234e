import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RunView } from '@/components/runs/run-view';
import { requireUser } from '@/lib/auth/current-user';
import { isUuid } from '@/lib/db/is-uuid';
import { AppError } from '@/lib/errors';
import { getRun } from '@/lib/runs/get-run';

export const metadata: Metadata = { title: 'Run' };
export const dynamic = 'force-dynamic';

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  if (!isUuid(id)) notFound();
  // The same loader as GET /api/v1/runs/{id}, which the page polls while the run is unfinished.
  const run = await getRun(user.workspace.id, id).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  return <RunView initial={run} />;
}
