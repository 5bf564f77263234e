import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { FlowEditor } from '@/components/editor/flow-editor';
import { requireUser } from '@/lib/auth/current-user';
import { AppError } from '@/lib/errors';
import { getFlow } from '@/lib/flows/get-flow';

export const metadata: Metadata = { title: 'Edit flow' };
export const dynamic = 'force-dynamic';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function FlowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  if (!uuid.test(id)) notFound();
  const flow = await getFlow(user.workspace.id, id).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  return <FlowEditor flow={flow} />;
}
