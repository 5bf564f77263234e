import { syncBackupCheckQuietly } from '../backup-check/schedule-backup-check';
import { db } from '../db';
import { notFound } from '../errors';

/** Deletes the flow with its versions, events and runs; its URL answers 404 at once. */
export async function deleteFlow(workspaceId: string, id: string): Promise<void> {
  const { count } = await db.flow.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw notFound('Flow');
  // Removes its backup check scheduler.
  await syncBackupCheckQuietly(id);
}
