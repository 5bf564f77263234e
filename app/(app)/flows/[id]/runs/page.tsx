import type { Metadata } from 'next';
import { FlowHeader } from '@/components/flows/flow-header';
import { loadFlowForPage } from '@/lib/flows/load-flow-for-page';
import { RunList } from '@/components/runs/run-list';
import { listRuns } from '@/lib/runs/list-runs';

export const metadata: Metadata = { title: 'Flow runs' };
export const dynamic = 'force-dynamic';

export default async function FlowRunsPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, flow } = await loadFlowForPage((await params).id);
  const initial = await listRuns(user.workspace.id, { flowId: flow.id, limit: 50 });
  return (
    <>
      <FlowHeader flow={flow} current="runs" />
      <RunList initial={initial} flowId={flow.id} />
    </>
  );
}
