import { db } from '../db';

/** Failed runs in the last 24 hours: the number on the navigation's Runs badge. */
export async function failedRunCount(
  workspaceId: string,
  since = new Date(Date.now() - 24 * 3600 * 1000),
): Promise<number> {
  return db.run.count({ where: { workspaceId, status: 'failed', createdAt: { gte: since } } });
}
