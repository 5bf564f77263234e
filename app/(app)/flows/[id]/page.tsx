import type { Metadata } from 'next';
import { FlowEditor } from '@/components/editor/flow-editor';
import { CoversShell } from '@/components/shell/shell-cover';
import { loadFlowForPage } from '@/components/runs/load-flow';

export const metadata: Metadata = { title: 'Edit flow' };
export const dynamic = 'force-dynamic';

export default async function FlowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { flow } = await loadFlowForPage((await params).id);
  return (
    <>
      <CoversShell />
      <FlowEditor flow={flow} />
    </>
  );
}
