import { db } from '../db';
import { notFound } from '../errors';

/** Deletes a contact of the workspace and its timeline (e.g. one a step test created). */
export async function deleteContact(workspaceId: string, id: string): Promise<void> {
  const { count } = await db.contact.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw notFound('Contact');
}
