import { db, Prisma } from '../db';
import { notFound } from '../errors';
import { assertDraftGraph, type UpdateFlowInput } from './flow-input';
import { flowSelect, toFlowView, type FlowView } from './flow-view';

/** Replaces the draft (and/or renames). Published versions are untouched. */
export async function updateFlow(workspaceId: string, id: string, input: UpdateFlowInput): Promise<FlowView> {
  const graph = input.graph && assertDraftGraph(input.graph);
  const { count } = await db.flow.updateMany({
    where: { id, workspaceId },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(graph ? { draftGraph: graph as Prisma.InputJsonValue } : {}),
    },
  });
  if (count === 0) throw notFound('Flow');
  return toFlowView(await db.flow.findFirstOrThrow({ where: { id, workspaceId }, select: flowSelect }));
}
