import { db } from '../db';

/** The workspace's flows by name, for pickers (the runs page's flow filter). */
export function flowOptions(workspaceId: string): Promise<{ id: string; name: string }[]> {
  return db.flow.findMany({
    where: { workspaceId },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
    take: 500,
  });
}
