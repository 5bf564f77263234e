import { db } from '../db';
import { notFound } from '../errors';
import { contactSelect, toContactView, type ContactView } from './contact-view';

export type TimelineEntry = {
  runId: string;
  flowId: string;
  flowName: string;
  nodeId: string;
  created: boolean;
  runStatus: string;
  at: string;
};

/** A contact with its timeline: the runs that created or updated it, newest first. */
export async function getContact(
  workspaceId: string,
  id: string,
): Promise<ContactView & { timeline: TimelineEntry[] }> {
  const row = await db.contact.findFirst({
    where: { id, workspaceId },
    select: {
      ...contactSelect,
      activities: {
        where: { workspaceId },
        orderBy: { createdAt: 'desc' },
        take: 200,
        select: {
          runId: true,
          flowId: true,
          nodeId: true,
          created: true,
          createdAt: true,
          run: { select: { status: true, flow: { select: { name: true } } } },
        },
      },
    },
  });
  if (!row) throw notFound('Contact');
  const { activities, ...contact } = row;
  return {
    ...toContactView(contact),
    timeline: activities.map((a) => ({
      runId: a.runId,
      flowId: a.flowId,
      flowName: a.run.flow.name,
      nodeId: a.nodeId,
      created: a.created,
      runStatus: a.run.status,
      at: a.createdAt.toISOString(),
    })),
  };
}
