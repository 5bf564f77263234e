import type { Metadata } from 'next';
import { VersionsView } from '@/components/flows/versions-view';
import { FlowHeader } from '@/components/flows/flow-header';
import { loadFlowForPage } from '@/lib/flows/load-flow-for-page';
import { listVersions } from '@/lib/flows/list-versions';
import type { FlowGraph } from '@/lib/flows/graph';

export const metadata: Metadata = { title: 'Flow versions' };
export const dynamic = 'force-dynamic';

export default async function FlowVersionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, flow } = await loadFlowForPage((await params).id);
  const { items } = await listVersions(user.workspace.id, flow.id);
  return (
    <>
      <FlowHeader flow={flow} current="versions" />
      <VersionsView
        flowId={flow.id}
        liveVersion={flow.publishedVersion}
        draft={flow.graph}
        versions={items.map((v) => ({ ...v, graph: v.graph as FlowGraph }))}
      />
    </>
  );
}
