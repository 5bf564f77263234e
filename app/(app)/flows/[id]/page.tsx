import type { Metadata } from 'next';
import { FlowEditor } from '@/components/flows/editor/flow-editor';
import { CoversShell } from '@/components/shell/shell-cover';
import { loadFlowForPage } from '@/lib/flows/load-flow-for-page';
import { liveGraph } from '@/lib/flows/live-graph';

export const metadata: Metadata = { title: 'Edit flow' };
export const dynamic = 'force-dynamic';

export default async function FlowEditorPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user, flow } = await loadFlowForPage((await params).id);
  // "Use template" opens the editor with ?setup=1: what the template left to fill in comes first.
  const setup = (await searchParams).setup === '1' && flow.publishedVersion === null;
  // The editor compares the draft with what runs, to say when changes are not live yet.
  const live = await liveGraph(user.workspace.id, flow.id, flow.publishedVersion);
  return (
    <>
      <CoversShell />
      <FlowEditor flow={flow} liveGraph={live} setup={setup} />
    </>
  );
}
