import { pageArgs, toPage, type PageQuery } from '../api/pagination';
import { db } from '../db';
import { contactSelect, toContactView } from './contact-view';

/** Newest first; `search` is a case-insensitive substring of email or name. */
export async function listContacts(workspaceId: string, q: PageQuery & { search?: string }) {
  const { where, ...args } = pageArgs(q);
  const search = q.search?.trim();
  const rows = await db.contact.findMany({
    ...args,
    where: {
      ...where,
      workspaceId,
      ...(search
        ? {
            OR: [
              { email: { contains: search, mode: 'insensitive' as const } },
              { name: { contains: search, mode: 'insensitive' as const } },
            ],
          }
        : {}),
    },
    select: contactSelect,
  });
  return toPage(rows, q, toContactView);
}
