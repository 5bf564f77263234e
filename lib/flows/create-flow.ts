import { db, Prisma } from '../db';
import { flowSelect, toFlowView, type FlowView } from './flow-view';
import { assertDraftGraph, type CreateFlowInput } from './flow-input';
import { emptyGraph } from './graph';
import { instantiateTemplate } from './instantiate-template';
import { newWebhookToken } from './webhook-url';

export async function createFlow(workspaceId: string, input: CreateFlowInput): Promise<FlowView> {
  const start = input.template ? await instantiateTemplate(workspaceId, input.template) : input.graph;
  const graph = assertDraftGraph(start ?? emptyGraph());
  const row = await db.flow.create({
    data: { workspaceId, name: input.name, token: newWebhookToken(), draftGraph: graph as Prisma.InputJsonValue },
    select: flowSelect,
  });
  return toFlowView(row);
}
